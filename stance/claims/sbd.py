"""pysbd, the sentence segmenter used for paragraphs holding a dot that may be an abbreviation
(`stance.claims.segment`), made faster with the very same sentences.

pysbd spends most of its time in two loops that redo work whose result they already have:
- for each abbreviation found in a paragraph, it applies the same replacement once per word the
  abbreviation starts ("co" in "company", "council", "co-operation"): one application per
  distinct spelling does it all (a replacement only turns a full stop into a placeholder, so
  applying it again, or after another abbreviation's, changes nothing more);
- to give each sentence its offsets it compiles the sentence as a pattern and searches the
  paragraph with it: a plain substring search finds the same place.
tests/test_claims_sbd.py compares both with pysbd's own on made-up paragraphs, and
tests/test_speed_identity.py on the seeds and dev pages.
"""

from __future__ import annotations

import re
from functools import lru_cache


class _CachedRe:
    """The `re` module with a compile cache big enough for pysbd. pysbd calls `re.sub(pattern,
    ...)` with patterns it formats per abbreviation found in the text: a few thousand distinct
    ones, far past `re`'s 512-entry cache, so it recompiled most of them for every paragraph
    (about a second a run) and pushed every other module's patterns out of that cache too. Each
    function compiles through the bigger cache, then does exactly what `re`'s own does."""

    def __getattr__(self, name: str):  # escape, IGNORECASE, error, Match ...: re's own
        return getattr(re, name)

    @staticmethod
    @lru_cache(maxsize=8192)
    def compile(pattern, flags=0):
        return re.compile(pattern, flags)

    def sub(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).sub(repl, string, count)

    def subn(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).subn(repl, string, count)

    def search(self, pattern, string, flags=0):
        return self.compile(pattern, flags).search(string)

    def match(self, pattern, string, flags=0):
        return self.compile(pattern, flags).match(string)

    def fullmatch(self, pattern, string, flags=0):
        return self.compile(pattern, flags).fullmatch(string)

    def findall(self, pattern, string, flags=0):
        return self.compile(pattern, flags).findall(string)

    def finditer(self, pattern, string, flags=0):
        return self.compile(pattern, flags).finditer(string)

    def split(self, pattern, string, maxsplit=0, flags=0):
        return self.compile(pattern, flags).split(string, maxsplit)


_RE = _CachedRe()


def _give_pysbd_a_regex_cache() -> None:
    """Point the `re` of every loaded pysbd module at `_CachedRe` (same results, compiled once)."""
    import sys

    for name, module in list(sys.modules.items()):
        if (name == "pysbd" or name.startswith("pysbd.")) and getattr(module, "re", None) is re:
            module.re = _RE


@lru_cache(maxsize=1)
def _classes():
    """The Segmenter subclass (built on first use: pysbd is imported only when needed)."""
    import pysbd
    from pysbd.lang.english import English
    from pysbd.utils import TextSpan

    class Replacer(English.AbbreviationReplacer):
        def search_for_abbreviations_in_string(self, text):
            """pysbd's own, with each spelling of an abbreviation replaced once."""
            lowered = text.lower()
            for abbr in self.lang.Abbreviation.ABBREVIATIONS:
                stripped = abbr.strip()
                if stripped not in lowered:
                    continue
                found = _RE.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
                if not found:
                    continue
                # pysbd's pattern for the letter after an abbreviation holds braces that match
                # only themselves: it finds nothing in news text, so every match is treated alike
                after = _RE.findall(r"(?<={" + str(re.escape(stripped)) + "} ).{1}", text)
                if after:  # pysbd's own loop
                    for ind, match in enumerate(found):
                        text = self.scan_for_replacements(text, match, ind, after)
                    continue
                for spelling in dict.fromkeys(m.strip() for m in found):
                    text = self.scan_for_replacements(text, spelling, 0, after)
            return text

    class Language(English):
        AbbreviationReplacer = Replacer

    class Segmenter(pysbd.Segmenter):
        def sentences_with_char_spans(self, sentences):
            """pysbd's own (the first place of each sentence, with the spaces after it, that
            ends past the previous one), by substring search instead of a pattern each."""
            text, spans, prior_end = self.original_text, [], 0
            for sent in sentences:
                if not sent:  # never in practice: pysbd's own pattern, which matches spaces only
                    m = next((m for m in re.finditer(r"\s*", text) if m.end() > prior_end), None)
                    if m is not None:
                        spans.append(TextSpan(m.group(), m.start(), m.end()))
                        prior_end = m.end()
                    continue
                pos = 0
                while (start := text.find(sent, pos)) >= 0:
                    end = start + len(sent)
                    while end < len(text) and text[end].isspace():
                        end += 1
                    if end > prior_end:
                        spans.append(TextSpan(text[start:end], start, end))
                        prior_end = end
                        break
                    pos = end
            return spans

    return Segmenter, Language


@lru_cache(maxsize=1)
def segmenter():
    """The English segmenter (no cleaning: offsets must stay those of the text)."""
    cls, language = _classes()  # imports pysbd
    _give_pysbd_a_regex_cache()
    seg = cls(language="en", clean=False)
    seg.language_module = language
    return seg
