"""The two low-level tools a surgical XLSX write needs: where each element of an XML part
starts and ends, and a new zip package that copies every member it does not replace.

A steward's workbook holds far more than assetmap reads (styles, charts, images, pivot
tables, macros...). Loading and saving it with a spreadsheet library rewrites all of that;
these tools let ``xlsx_patch`` change a few bytes of one or two parts and copy the rest: each
other member's local header and compressed bytes are copied as they are, so nothing is even
recompressed.
"""

from __future__ import annotations

import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass, field

# --- where elements are -------------------------------------------------------------------

# The end of a start tag: attribute values may hold '>' but not their own quote.
_START_TAG = re.compile(rb"<[^\s/>]+(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


@dataclass
class Element:
    """One element of an XML part: its qualified name, attributes and byte offsets."""

    qname: str
    attrs: dict[str, str]
    start: int  # the '<' of its start tag
    open_end: int  # just after its start tag
    end: int = -1  # just after its end tag (== open_end for an empty element)
    depth: int = 1
    marks: set[str] = field(default_factory=set)  # local names found below max_depth

    @property
    def name(self) -> str:
        return self.qname.rpartition(":")[2]

    @property
    def prefix(self) -> str:
        """The namespace prefix with its colon ('x:'), or '' for the default namespace."""
        return self.qname[: len(self.qname) - len(self.name)]


def elements(data: bytes, max_depth: int, marks: tuple[str, ...] = ()) -> list[Element]:
    """Every element of ``data`` down to ``max_depth`` (the root is depth 1), in document
    order. For deeper elements whose local name is in ``marks``, the name is added to the
    ``marks`` of the deepest listed element that holds them. ValueError for a part with a
    DTD (no OOXML part has one; entities could blow up), xml.parsers.expat.ExpatError for
    one that is not XML."""
    found: list[Element] = []
    stack: list[Element] = []
    depth = 0
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(qname: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth <= max_depth:
            index = parser.CurrentByteIndex
            tag = _START_TAG.match(data, index)
            element = Element(qname, attrs, index, tag.end(), depth=depth)
            found.append(element)
            stack.append(element)
        elif stack and qname.rpartition(":")[2] in marks:
            stack[-1].marks.add(qname.rpartition(":")[2])

    def end(_qname: str) -> None:
        nonlocal depth
        if depth <= max_depth:
            element = stack.pop()
            if data[element.open_end - 2:element.open_end] == b"/>":
                element.end = element.open_end
            else:
                element.end = data.index(b">", parser.CurrentByteIndex) + 1
        depth -= 1

    def refuse(*_args) -> None:
        raise ValueError("an XML part with a document type declaration")  # none has one

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = refuse
    parser.Parse(data, True)
    return found


def children(found: list[Element], parent: Element) -> list[Element]:
    return [e for e in found if e.depth == parent.depth + 1
            and parent.start < e.start and e.end <= parent.end]


def apply_edits(xml: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``xml`` with each edit (start, end, new bytes) made. Edits do not overlap; an
    insertion (start == end) where a replaced span starts goes before its new bytes, one
    where it ends goes after them."""
    for start, end, new in sorted(edits, key=lambda e: e[:2], reverse=True):
        xml = xml[:start] + new + xml[end:]
    return xml


def escape(text: str) -> str:
    """Text for XML element content or a double-quoted attribute. A carriage return is
    written as a reference: a literal one would be read back as a line feed."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\r", "&#13;"))


def set_attribute(tag: bytes, name: str, value: str) -> bytes:
    """A start tag (``<c r="A1" s="2">``) with the attribute ``name`` set to ``value``: in
    its place when it has one, else last."""
    pattern = re.compile(rb"(\s" + re.escape(name.encode()) + rb"\s*=\s*)(\"[^\"]*\"|'[^']*')")
    new = f'"{escape(value)}"'.encode()
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + new, tag, count=1)
    close = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:close].rstrip() + f" {name}=".encode() + new + tag[close:]


# --- a package with some members replaced -------------------------------------------------

_LOCAL, _CENTRAL, _END = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_CENTRAL_SIZE, _END_SIZE = 46, 22


def replace_members(data: bytes, new: dict[str, bytes | None]) -> bytes:
    """The zip ``data`` with the members named in ``new`` holding new content (None: the
    member goes); every other member's bytes are copied as they are. A package this cannot
    read as a plain zip (ZIP64, split) is written again member by member, with identical
    content."""
    try:
        return _patch(data, new)
    except (ValueError, struct.error):
        return _rewrite(data, new)


def _end_record(data: bytes) -> int:
    at = data.rfind(_END, max(0, len(data) - 65_557))
    if at < 0:
        raise ValueError("no end of central directory")
    return at


def _patch(data: bytes, new: dict[str, bytes]) -> bytes:
    end = _end_record(data)
    (disk, cd_disk, _here, count, cd_size, cd_offset, _comment) = struct.unpack(
        "<HHHHIIH", data[end + 4:end + _END_SIZE])
    if disk or cd_disk or count == 0xFFFF or 0xFFFFFFFF in (cd_size, cd_offset) or \
            cd_offset + cd_size != end:
        raise ValueError("not a plain single-disk zip")
    entries, at = [], cd_offset
    for _ in range(count):
        if data[at:at + 4] != _CENTRAL:
            raise ValueError("bad central directory")
        n, m, k = struct.unpack("<HHH", data[at + 28:at + 34])
        offset = struct.unpack("<I", data[at + 42:at + 46])[0]
        name = data[at + 46:at + 46 + n]
        entries.append((offset, at, at + _CENTRAL_SIZE + n + m + k, name))
        at += _CENTRAL_SIZE + n + m + k
    names = {e[3].decode("utf-8" if _flags(data, e[1]) & 0x800 else "cp437"): e for e in entries}
    if set(new) - set(names):
        raise ValueError("a new member")  # only replacing is needed
    replaced = {names[name][1]: content for name, content in new.items()}
    ordered = sorted(entries)
    bounds = [e[0] for e in ordered[1:]] + [cd_offset]
    out, central = bytearray(), {}
    for (offset, cd_at, cd_end, name), stop in zip(ordered, bounds):
        if data[offset:offset + 4] != _LOCAL:
            raise ValueError("bad local header")
        record = data[cd_at:cd_end]
        if cd_at in replaced and replaced[cd_at] is None:
            continue
        if cd_at in replaced:
            local, record = _deflated(data, cd_at, cd_end, name, replaced[cd_at])
        else:
            local = data[offset:stop]
        central[cd_at] = record[:42] + struct.pack("<I", len(out)) + record[46:]
        out += local
    new_offset = len(out)
    for _offset, cd_at, _cd_end, _name in entries:  # the central directory keeps its order
        out += central.get(cd_at, b"")
    tail = bytearray(data[end:])
    tail[8:20] = struct.pack("<HHII", len(central), len(central), len(out) - new_offset,
                             new_offset)
    return bytes(out + tail)


def _flags(data: bytes, cd_at: int) -> int:
    return struct.unpack("<H", data[cd_at + 8:cd_at + 10])[0]


def _deflated(data: bytes, cd_at: int, cd_end: int, name: bytes,
              content: bytes) -> tuple[bytes, bytes]:
    """A new local record (header and deflated content) and central record for a member."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressor.compress(content) + compressor.flush()
    crc = zlib.crc32(content)
    flags = _flags(data, cd_at) & 0x800  # keep only 'the name is UTF-8'
    time_date = data[cd_at + 12:cd_at + 16]
    local = (_LOCAL + struct.pack("<HHH", 20, flags, zipfile.ZIP_DEFLATED) + time_date
             + struct.pack("<IIIHH", crc, len(packed), len(content), len(name), 0) + name)
    record = (data[cd_at:cd_at + 6] + struct.pack("<HHH", 20, flags, zipfile.ZIP_DEFLATED)
              + time_date + struct.pack("<III", crc, len(packed), len(content))
              + data[cd_at + 28:cd_end])
    return local + packed, record


def _rewrite(data: bytes, new: dict[str, bytes]) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = new.get(info.filename, b"") if info.filename in new else \
                source.read(info)
            if content is not None:
                target.writestr(info, content)
    return out.getvalue()
