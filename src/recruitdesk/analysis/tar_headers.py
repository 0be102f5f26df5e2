"""A ``tarfile`` whose headers are capped before they are read.

Python's ``tarfile`` reads a PAX header or a GNU long name whole, at the size its header
block declares, and keeps every member's header; one header declaring gigabytes (gzip
turns a few megabytes into that) would fill the memory before any cap on file contents
could look at a member. Here each header's declared size is checked first.
"""

import tarfile

MB = 1024 * 1024

#: Headers that describe the member after them and are read whole by ``tarfile``.
_EXTENDED_HEADERS = frozenset(
    {
        tarfile.XHDTYPE,
        tarfile.XGLTYPE,
        tarfile.SOLARIS_XHDTYPE,
        tarfile.GNUTYPE_LONGNAME,
        tarfile.GNUTYPE_LONGLINK,
    }
)
#: Extended headers in a row before a member: ``tarfile`` reads a chain recursively.
MAX_HEADER_CHAIN = 8


class HeaderRefusedError(Exception):
    """Raised from inside ``tarfile``; the reader words it with the archive's label."""

    def __init__(self, message: str, *, too_large: bool) -> None:
        super().__init__(message)
        self.too_large = too_large


class _CappedTarFile(tarfile.TarFile):
    """A ``TarFile`` that counts the extended headers its members read."""

    max_header_bytes = MB
    max_total_header_bytes = 32 * MB
    header_bytes = 0
    header_chain = 0

    def admit_header(self, info: tarfile.TarInfo) -> None:
        if info.type == tarfile.GNUTYPE_SPARSE:
            # Its extension blocks are read in an unbounded loop; source code is never sparse.
            raise HeaderRefusedError(f"holds a sparse file ({info.name!r})", too_large=False)
        if info.type not in _EXTENDED_HEADERS:
            self.header_chain = 0
            return
        self.header_chain += 1
        self.header_bytes += info.size
        if info.size > self.max_header_bytes:
            raise HeaderRefusedError(
                f"holds a header of {info.size / MB:,.1f} MB, over the cap of "
                f"{self.max_header_bytes / MB:,.0f} MB for one header",
                too_large=True,
            )
        if self.header_bytes > self.max_total_header_bytes:
            raise HeaderRefusedError(
                f"holds more than {self.max_total_header_bytes / MB:,.0f} MB of headers, the cap",
                too_large=True,
            )
        if self.header_chain > MAX_HEADER_CHAIN:
            raise HeaderRefusedError(
                f"holds more than {MAX_HEADER_CHAIN} extended headers in a row", too_large=False
            )


class _CappedTarInfo(tarfile.TarInfo):
    """Checks each header's declared size before ``tarfile`` reads what it declares."""

    def _proc_member(self, archive: tarfile.TarFile) -> tarfile.TarInfo:
        if isinstance(archive, _CappedTarFile):
            archive.admit_header(self)
        member: tarfile.TarInfo = super()._proc_member(archive)  # type: ignore[misc]
        return member


_CappedTarFile.tarinfo = _CappedTarInfo


def capped_tar_file(max_header_bytes: int, max_total_header_bytes: int) -> type[tarfile.TarFile]:
    """A ``TarFile`` class with these caps on one header and on all headers together.

    A class, not an instance: ``tarfile`` reads the first header inside the constructor,
    before an instance could be told its caps."""

    class LimitedTarFile(_CappedTarFile):
        pass

    LimitedTarFile.max_header_bytes = max_header_bytes
    LimitedTarFile.max_total_header_bytes = max_total_header_bytes
    return LimitedTarFile
