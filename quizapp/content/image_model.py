"""Pictures in content (a stem, an option, a case) as frozen objects. No Flask, no database.
(Split from model.py, which re-exports these names.)"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Image:
    """A picture in a stem, an option or a case: a PNG, JPEG or SVG file in the module folder,
    checked and cleaned at validation. `digest` (of the file as written) identifies it in
    snapshots; `data` (the cleaned bytes) is stored at import and never in a snapshot."""

    file: str
    alt: str
    media_type: str
    digest: str
    data: bytes = field(default=b"", compare=False, repr=False)

    def to_json(self) -> list[str]:
        return [self.file, self.alt, self.media_type, self.digest]

    @classmethod
    def from_json(cls, data: list[str]) -> Image:
        file, alt, media_type, digest = data
        return cls(file, alt, media_type, digest)


def images_json(images: tuple[Image, ...]) -> list[list[str]]:
    return [i.to_json() for i in images]


def images_from(data: list[list[str]] | None) -> tuple[Image, ...]:
    return tuple(Image.from_json(i) for i in data or ())
