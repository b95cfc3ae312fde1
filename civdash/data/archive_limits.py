"""Check a zip archive's members (.docx, .xlsx, a bundle) before anything inflates them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

# What a real document inflates to: a 300-page report's XML and images stay well under this.
MAX_INFLATED_BYTES = 50_000_000
# DEFLATE compresses text some 5-10:1 and zeros up to 1,032:1. No real document member comes
# near 100:1; a bomb is far above it. Members this small may compress harder (an empty
# relationship file) and cost nothing.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1_000_000
MAX_MEMBERS = 10_000


class ArchiveRefused(ValueError):
    """An archive that is not read; `reason` names why ('zip', 'members', 'size', 'ratio')."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class ArchiveSize:
    members: int
    inflated_bytes: int


def check_archive(
    data: bytes | zipfile.ZipFile,
    max_inflated_bytes: int = MAX_INFLATED_BYTES,
    max_ratio: float = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
) -> ArchiveSize:
    """Refuse (ArchiveRefused) a zip whose members would inflate past the limits.

    Reads only the central directory. The sizes it declares may lie, so callers that then
    read members rely on zipfile, which stops at the declared size and checks the CRC: a
    member cannot inflate past what is checked here.
    """
    try:
        archive = data if isinstance(data, zipfile.ZipFile) else zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveRefused("zip", f"not a readable zip archive ({error})") from error
    if len(members) > max_members:
        raise ArchiveRefused("members", f"{len(members):,} members, more than {max_members:,}")
    total = 0
    for member in members:
        total += member.file_size
        if total > max_inflated_bytes:
            raise ArchiveRefused(
                "size",
                f"unpacks to more than {max_inflated_bytes:,} bytes",
            )
        if member.file_size > RATIO_FLOOR_BYTES and (
            member.file_size > max_ratio * max(member.compress_size, 1)
        ):
            raise ArchiveRefused(
                "ratio",
                f"{member.filename!r} is compressed more than {max_ratio:g}:1 "
                f"({member.file_size:,} bytes from {member.compress_size:,})",
            )
    return ArchiveSize(len(members), total)
