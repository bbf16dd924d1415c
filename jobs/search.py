"""Chinese keyword search on plain PostgreSQL: a bigram `tsvector` with a GIN index.

PostgreSQL's text-search parser does not split Chinese, trigrams cannot index two-character
words and `icontains` wraps the column in UPPER(), which no index serves. So a posting's text is
turned, when the posting is saved, into lexemes we build ourselves:

- every CJK character (unigram) and every pair of neighbouring characters (bigram), the bigram
  at the same position as its first character, so 外卖骑手 gives 外:1 外卖:1 卖:2 卖骑:2 骑:3
  骑手:3 手:4;
- every run of Latin letters or digits, lower-cased, as one word (C1, a2, ic).

A keyword becomes a tsquery: one character → that unigram; two → that bigram; longer → its
bigrams as a phrase (`外卖 <-> 卖骑 <-> 骑手`), which matches exactly the postings that contain
the keyword as a substring. Both sides are written in the tsvector/tsquery *input* syntax
(quoted lexemes) and cast, so no text-search parser, dictionary or locale is involved.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models import Func, Value
from django.db.models.expressions import RawSQL

# CJK ideographs (basic + extension A + compatibility) and fullwidth digits/letters folded below.
_TOKEN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MAX_POSITION = 16383  # PostgreSQL's limit for tsvector positions
MAX_POSITIONS_PER_LEXEME = 255
MAX_KEYWORD_LENGTH = 64


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _fold(text: str) -> str:
    # Fullwidth ASCII (Ｃ１) to halfwidth, so phone keyboards' input matches.
    return "".join(chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in text or "")


def bigram_document(*texts: str) -> str:
    """The tsvector literal (input syntax) for the given texts; '' when there is nothing to index."""
    positions: dict[str, list[int]] = {}
    position = 1
    for text in texts:
        for match in _TOKEN_RE.finditer(_fold(text)):
            run = match.group()
            if position > MAX_POSITION:
                break
            if _CJK_RE.match(run):
                for index, char in enumerate(run):
                    at = min(position + index, MAX_POSITION)
                    positions.setdefault(char, []).append(at)
                    if index + 1 < len(run):
                        positions.setdefault(run[index : index + 2], []).append(at)
                position += len(run) + 1
            else:
                positions.setdefault(run.lower(), []).append(min(position, MAX_POSITION))
                position += 2
        position += 2  # a gap between fields, so a phrase never spans two of them
    return " ".join(
        f"{_quote(lexeme)}:{','.join(str(p) for p in sorted(set(at))[:MAX_POSITIONS_PER_LEXEME])}"
        for lexeme, at in positions.items()
    )


def keyword_query(keyword: str) -> str | None:
    """The tsquery literal for a keyword, or None when it has nothing searchable.

    Several words separated by spaces must all match (AND).
    """
    parts = []
    for match in _TOKEN_RE.finditer(_fold(keyword)[:MAX_KEYWORD_LENGTH]):
        run = match.group()
        if _CJK_RE.match(run):
            if len(run) <= 2:
                parts.append(_quote(run))
            else:
                parts.append("(" + " <-> ".join(_quote(run[i : i + 2]) for i in range(len(run) - 1)) + ")")
        else:
            parts.append(_quote(run.lower()) + ":*")
    if not parts:
        return None
    return " & ".join(parts)


def document_expression(*texts: str):
    """An expression assigning the bigram document to a SearchVectorField on save()."""
    return RawSQL("%s::tsvector", [bigram_document(*texts)], output_field=SearchVectorField())


class TsQueryLiteral(SearchQuery):
    """`'<literal>'::tsquery`: a query in tsquery input syntax, no parser involved.

    A SearchQuery subclass so that `search_vector=TsQueryLiteral(...)` compiles to `@@`.
    """

    template = "%(expressions)s::tsquery"

    def __init__(self, literal: str):
        super().__init__(Value(literal))

    def as_sql(self, compiler, connection, function=None, template=None):
        return Func.as_sql(self, compiler, connection, function=function, template=self.template)
