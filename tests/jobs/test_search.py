"""Chinese keyword search: bigram documents, keyword queries, and the index in PostgreSQL."""

import pytest
from django.db import connection

from jobs.models import JobPosting
from jobs.search import bigram_document, keyword_query
from tests.jobs.factories import make_posting


def test_document_holds_unigrams_and_bigrams_at_the_same_positions():
    assert bigram_document("外卖骑手") == "'外':1 '外卖':1 '卖':2 '卖骑':2 '骑':3 '骑手':3 '手':4"


def test_document_lowercases_latin_words_and_folds_fullwidth_ones():
    assert bigram_document("Ｃ１驾照") == "'c1':1 '驾':3 '驾照':3 '照':4"


def test_document_escapes_quotes_and_backslashes():
    assert bigram_document("it's") == "'it':1 's':3"
    assert keyword_query("a'b") == "'a':* & 'b':*"


def test_keyword_query_shapes():
    assert keyword_query("焊") == "'焊'"
    assert keyword_query("电工") == "'电工'"
    assert keyword_query("外卖骑手") == "('外卖' <-> '卖骑' <-> '骑手')"
    assert keyword_query("保安 C1") == "'保安' & 'c1':*"
    assert keyword_query("  !!! ") is None


@pytest.fixture
def postings(orgs):
    return {
        "rider": make_posting(owner=orgs.dachuan, title="外卖骑手", description="电动车配送"),
        "nanny": make_posting(owner=orgs.dachuan, title="金牌月嫂", description="照顾产妇和新生儿"),
        "crane": make_posting(
            owner=orgs.dachuan, title="塔吊司机", description="持证上岗", certificates="特种作业操作证"
        ),
        "electrician": make_posting(owner=orgs.dachuan, title="维修电工", description="持低压电工证，C1驾照优先"),
    }


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("骑手", {"rider"}),
        ("外卖骑手", {"rider"}),
        ("月嫂", {"nanny"}),
        ("塔吊", {"crane"}),
        ("电工", {"electrician"}),
        ("电", {"rider", "electrician"}),
        ("c1", {"electrician"}),
        ("操作证", {"crane"}),
        ("卖手", set()),  # characters of the title, but not a substring
        ("外骑手", set()),
        ("程序员", set()),
    ],
)
def test_keyword_finds_exactly_the_postings_containing_it(postings, keyword, expected):
    found = set(JobPosting.objects.keyword(keyword).values_list("pk", flat=True))
    assert found == {postings[name].pk for name in expected}


def test_keyword_search_uses_the_containment_operator_not_upper(postings):
    sql = str(JobPosting.objects.keyword("电工").query)
    assert "@@" in sql and "::tsquery" in sql and "UPPER" not in sql


def test_keyword_search_is_served_by_the_gin_index(postings):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = JobPosting.objects.keyword("月嫂").values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "jobs_posting_search" in plan


def test_editing_a_posting_rebuilds_its_index(orgs, postings):
    from jobs import services

    services.posting_update(posting=postings["rider"], title="同城跑腿员")
    assert not JobPosting.objects.keyword("骑手").exists()
    assert JobPosting.objects.keyword("跑腿").get() == postings["rider"]
