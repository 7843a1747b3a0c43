"""The LTI 1.3 adapter: the only code that knows pylti1p3 (docs/lti.md).

library  the one module importing pylti1p3
claims   a launch's claims read into a frozen Launch; the role mapping
registry the platforms and keys the adapter is given, and the protocol to look them up
tool     OIDC login and launch validation; refusals: what each refusal says
advantage  scores and line items (AGS), rosters (NRPS), the deep linking response
keys     the tool's RSA keys: generated, sealed for storage, published as JWKs
http     a requests session with timeouts

It imports nothing else of quizapp: the services give it plain values and a Registry.
"""
