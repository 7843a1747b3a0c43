"""Read a zip package (.zip, .imscc) that may be hostile: size, count and path checks first.

Nothing is extracted to disk: members are read into memory on demand, each read bounded by
its limit whatever the archive's own header claims (a zip bomb lies about sizes)."""

from __future__ import annotations

import posixpath
import stat
import zipfile
from io import BytesIO

from .errors import InteropError

MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # text compresses well; a member 200x smaller than its content is a bomb
_CHUNK = 64 * 1024


def safe_member_name(name: str) -> bool:
    """True when `name` stays inside the archive: relative, no '..', no drive, no backslash."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/")[0]:
        return False
    parts = name.split("/")
    return ".." not in parts and posixpath.normpath(name) not in ("", ".")


class Archive:
    """The members of a zip, checked as a whole before anything is read."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InteropError(name, 0, f"is not a readable zip archive ({exc})") from exc
        if len(infos) > MAX_MEMBERS:
            raise InteropError(name, 0, f"holds {len(infos):,} files; at most {MAX_MEMBERS:,}")
        self._infos: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            self._check(info)
            declared += info.file_size
            if not info.is_dir():
                self._infos[info.filename] = info
        if declared > MAX_TOTAL_BYTES:
            raise InteropError(name, 0, f"would unpack to {declared:,} bytes; at most "
                                        f"{MAX_TOTAL_BYTES:,}")
        self._read_total = 0

    def _check(self, info: zipfile.ZipInfo) -> None:
        where = f"{self.name}!{info.filename[:200]}"
        if not safe_member_name(info.filename):
            raise InteropError(where, 0, "has a path outside the archive; refused")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise InteropError(where, 0, "is a symbolic link; refused")
        if info.flag_bits & 0x1:
            raise InteropError(where, 0, "is encrypted")
        if info.file_size > MAX_MEMBER_BYTES:
            raise InteropError(where, 0, f"unpacks to {info.file_size:,} bytes; at most "
                                         f"{MAX_MEMBER_BYTES:,}")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise InteropError(where, 0, "is compressed more than any real file would be "
                                         "(a zip bomb?); refused")

    def names(self) -> list[str]:
        """Member file names, in archive order."""
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """A member's bytes, stopping at the limits whatever its header says."""
        info = self._infos.get(name)
        if info is None:
            raise InteropError(self.name, 0, f"has no file '{name[:200]}'")
        out = bytearray()
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    out += chunk
                    self._read_total += len(chunk)
                    if len(out) > MAX_MEMBER_BYTES or self._read_total > MAX_TOTAL_BYTES:
                        raise InteropError(f"{self.name}!{name}", 0, "unpacks to more than "
                                                                     "allowed; refused")
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InteropError(f"{self.name}!{name}", 0, f"cannot be read ({exc})") from exc
        return bytes(out)


def resolve(base: str, href: str) -> str | None:
    """`href` (relative to the member `base`) as a member name, or None when it leaves."""
    if "://" in href or href.startswith(("/", "\\")):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), href))
    return joined if safe_member_name(joined) else None
