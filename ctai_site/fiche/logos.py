"""The logo file a fiche names (`carrier.logo`), read and checked: it is copied into the public
site next to the Réfugiés.info draft, for the carrier to upload in the platform's editor.

Where: a path from the fiche's own folder, never out of it (no absolute path, no « .. », no
link leading elsewhere): the folder of the fiches is what the live preview watches and what the
build's fingerprint reads, and nothing outside it reaches the public site.

What: the formats Réfugiés.info's editor names for a structure's logo (refugies-info/karfur @
e5ef018, Edition/Modals/components/SponsorForm/SponsorForm.tsx line 46: « Formats acceptés :
.jpeg, .png, .svg »), checked by their content, not only their name. Its code sets no size
limit (the file goes to Cloudinary, apps/server/src/workflows/images/postImages/postImages.ts);
it shows the logo 64 pixels wide in the form (`imageSize={64}`) and 32 on the fiche
(Metadatas/CardMainSponsor/CardMainSponsor.tsx): `MAX_BYTES` is ours, so that a mistaken file
(a photo, a PDF renamed) does not weigh on the site. An SVG is served by our site as it is, so
one that can run code is refused.
"""

from __future__ import annotations

import math
import re
from pathlib import Path, PurePosixPath

MAX_BYTES = 1_000_000  # 1 Mo
# Extension (lower case) -> the format's name and how its content starts.
FORMATS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("JPEG", (b"\xff\xd8\xff",)),
    "jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    "svg": ("SVG", ()),
}
_SVG_ROOT = re.compile(rb"<svg[\s>]", re.IGNORECASE)
# What lets an SVG run code or reach elsewhere when a browser opens it from our site.
_SVG_ACTIVE = re.compile(
    rb"<script|<foreignobject|<!entity|javascript:|\son[a-z]+\s*=", re.IGNORECASE
)
_EXAMPLE = "par exemple logos/ma-structure.png pour un fichier actions/logos/ma-structure.png"


def extension(path: str) -> str:
    """`logos/Logo.PNG` -> `png`."""
    return PurePosixPath(path).suffix.lower().lstrip(".")


def read_logo(folder: Path, written: str) -> tuple[bytes | None, str | None]:
    """The logo `written` in a fiche of `folder`: its bytes, or a French message saying what
    is wrong and how to fix it."""
    parts = PurePosixPath(written.replace("\\", "/")).parts
    if written.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", written) or ".." in parts:
        return None, (
            f"« {written} » : écrivez le chemin depuis le dossier de la fiche, sans « .. » ni "
            f"chemin absolu ({_EXAMPLE})"
        )
    path = folder / written
    if not path.is_file():
        return None, (
            f"« {written} » : fichier introuvable dans le dossier de la fiche ({_EXAMPLE})"
        )
    if not path.resolve().is_relative_to(folder.resolve()):
        return None, (
            f"« {written} » mène hors du dossier de la fiche (lien symbolique) : copiez le "
            "logo dans ce dossier"
        )
    size = path.stat().st_size
    if size > MAX_BYTES:
        # rounded up, so that a file just over the limit never reads « 1,0 Mo »
        megabytes = f"{math.ceil(size / 100_000) / 10:.1f}".replace(".", ",")
        return None, (
            f"« {written} » : fichier trop gros ({megabytes} Mo ; 1 Mo au plus pour un logo, "
            "que Réfugiés.info affiche en 64 pixels) : réduisez l'image"
        )
    data = path.read_bytes()
    name, starts = FORMATS[extension(written)]
    if starts and not data.startswith(starts):
        return None, (
            f"« {written} » n'est pas une image {name} : enregistrez le logo au format de son "
            "extension (.png, .jpeg ou .svg)"
        )
    if not starts:
        if not _SVG_ROOT.search(data[:4096]):
            return None, f"« {written} » n'est pas une image SVG"
        if _SVG_ACTIVE.search(data):
            return None, (
                f"« {written} » : un SVG qui contient du code (script, on…=, javascript:, "
                "entités) n'est pas accepté : enregistrez le logo en PNG, ou en SVG simple"
            )
    return data, None
