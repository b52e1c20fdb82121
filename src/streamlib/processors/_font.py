"""A tiny 5x7 bitmap font, packed for WGSL: enough glyphs for clocks and frame counters."""

from __future__ import annotations

__all__ = ["GLYPH_HEIGHT", "GLYPH_WIDTH", "encode_text", "font_wgsl"]

GLYPH_WIDTH = 5
GLYPH_HEIGHT = 7

# Each glyph is 7 rows of 5 columns, '#' lit. Index 0 must stay the blank glyph: unknown
# characters and unused text slots map to it.
_GLYPHS: dict[str, tuple[str, ...]] = {
    " ": (".....",) * 7,
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": (".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."),
    ".": (".....", ".....", ".....", ".....", ".....", ".##..", ".##.."),
    "#": (".#.#.", ".#.#.", "#####", ".#.#.", "#####", ".#.#.", ".#.#."),
    "-": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
    "/": (".....", "....#", "...#.", "..#..", ".#...", "#....", "....."),
    "x": (".....", ".....", "#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "F": ("#####", "#....", "#....", "####.", "#....", "#....", "#...."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."),
}
_INDEX = {ch: i for i, ch in enumerate(_GLYPHS)}


def _pack(rows: tuple[str, ...]) -> int:
    """Row 0 (top) in the highest bits, column 0 (left) first: bit = 34 - (row * 5 + col)."""
    bits = 0
    for row in rows:
        for cell in row:
            bits = (bits << 1) | (cell == "#")
    return bits


def font_wgsl() -> str:
    """WGSL declaring ``FONT`` and ``glyph_lit(glyph, col, row)``.

    A glyph's 35 bits do not fit a u32, so each is a ``vec2<u32>``: the top 3 bits, then the low 32.
    """
    words: list[str] = []
    for rows in _GLYPHS.values():
        bits = _pack(rows)
        words.append(f"vec2<u32>({bits >> 32}u, {bits & 0xFFFFFFFF}u)")
    body = ",\n    ".join(words)
    return (
        f"const GLYPH_W: u32 = {GLYPH_WIDTH}u;\nconst GLYPH_H: u32 = {GLYPH_HEIGHT}u;\n"
        f"const FONT = array<vec2<u32>, {len(words)}>(\n    {body}\n);\n"
        "fn glyph_lit(glyph: u32, col: u32, row: u32) -> bool {\n"
        "    let bit = 34u - (row * GLYPH_W + col);\n"
        "    let g = FONT[glyph];\n"
        "    if (bit >= 32u) { return ((g.x >> (bit - 32u)) & 1u) == 1u; }\n"
        "    return ((g.y >> bit) & 1u) == 1u;\n"
        "}\n"
    )


def encode_text(text: str, slots: int) -> list[int]:
    """Glyph indices for ``text``, padded with blanks (index 0) or cut to ``slots`` entries."""
    codes = [_INDEX.get(ch, 0) for ch in text[:slots]]
    return codes + [0] * (slots - len(codes))
