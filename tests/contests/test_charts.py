"""SVG charts (contests/charts.py): well-formed, accessible, escaped, script- and style-free, bounded."""

import random
import xml.etree.ElementTree as ET

from django.utils import translation
from django.utils.safestring import SafeString

from contests.charts import judge_distribution_svg, ranking_svg
from contests.scoring import ScoreRow, rank, round_results

SVG = "{http://www.w3.org/2000/svg}"


def pilot_rows(entries: int = 30, judges: int = 7, seed: int = 1) -> list[ScoreRow]:
    rng = random.Random(seed)
    quality = [rng.gauss(70, 8) for _ in range(entries)]
    leniency = [rng.gauss(0, 5) for _ in range(judges)]
    return [
        ScoreRow(entry_id=e + 1, judge_id=j + 1, total=max(0.0, min(100.0, quality[e] + leniency[j] + rng.gauss(0, 4))))
        for e in range(entries)
        for j in range(judges)
    ]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 -- our own output
    assert root.tag == f"{SVG}svg"
    return root


def assert_accessible_and_clean(root: ET.Element, svg: str) -> None:
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text and desc.text
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}foreignObject", f"{SVG}style")
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
        assert not any("javascript:" in value for value in element.attrib.values())
    assert "<script" not in svg


def test_judge_distribution_for_seven_judges():
    rows = pilot_rows()
    result = round_results(rows)
    labels = {j: f"심사위원 {j}" for j in range(1, 8)}
    effects = {j.judge_id: (j.effect, j.ratings) for j in result.judges}
    with translation.override("en"):
        svg = judge_distribution_svg(rows, labels=labels, effects=effects)
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert_accessible_and_clean(root, svg)
    assert root.find(f"{SVG}title").text == "Scores per judge"
    groups = root.findall(f"{SVG}g")
    assert len(groups) == 7
    assert groups[0].find(f"{SVG}title").text.startswith("심사위원 1: 30 scores, median ")
    assert len(root.findall(f".//{SVG}circle")) == 7 * 30
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "심사위원 7" in texts
    judge_one = next(j for j in result.judges if j.judge_id == 1)
    assert f"{judge_one.effect:+.1f} · 30" in texts


def test_ranking_chart_for_thirty_entries():
    rows = pilot_rows()
    result = round_results(rows)
    placings = rank(result.adjusted_scores())
    labels = {e: f"민원 분류 챗봇 {e}" for e in range(1, 31)}
    with translation.override("en"):
        svg = ranking_svg(
            result.entries,
            order=[p.entry_id for p in placings],
            labels=labels,
            ranks={p.entry_id: p.rank for p in placings},
        )
    root = parse(svg)
    assert_accessible_and_clean(root, svg)
    groups = root.findall(f"{SVG}g")
    assert len(groups) == 30
    first = placings[0]
    entry = result.entry(first.entry_id)
    assert groups[0].find(f"{SVG}title").text == (
        f"1. 민원 분류 챗봇 {first.entry_id}: mean {entry.raw:.1f}, range {entry.minimum:.1f}–{entry.maximum:.1f}, "
        f"7 ratings · adjusted {entry.adjusted:.1f}"
    )
    assert len(root.findall(f".//{SVG}polygon")) == 30 + 1  # a diamond per entry and one in the legend


def test_ranking_chart_is_bounded_for_a_thousand_entries():
    rng = random.Random(2)
    rows = [
        ScoreRow(entry_id=e, judge_id=j, total=rng.uniform(40, 95))
        for e in range(1000)
        for j in rng.sample(range(50), rng.randint(3, 5))
    ]
    result = round_results(rows)
    with translation.override("en"):
        svg = ranking_svg(result.entries, top=30)
    root = parse(svg)
    assert len(root.findall(f"{SVG}g")) == 30
    assert "The first 30 of 1000 entries." in [t.text for t in root.iter(f"{SVG}text")]
    assert len(svg) < 30_000
    # the judges' chart stays bounded too: box plots without dots beyond 600 scores
    judges_svg = judge_distribution_svg(rows)
    assert len(parse(judges_svg).findall(f".//{SVG}circle")) == 0
    assert len(judges_svg) < 40_000


def test_text_is_escaped():
    rows = [ScoreRow(entry_id=1, judge_id=1, total=70), ScoreRow(entry_id=1, judge_id=2, total=80)]
    hostile = '<script>alert("x")</script> & "quoted"'
    svg = judge_distribution_svg(rows, labels={1: hostile}, title=hostile, id_prefix='a" onload="x')
    root = parse(svg)
    assert_accessible_and_clean(root, svg)
    assert root.find(f"{SVG}title").text == hostile
    ranking = ranking_svg(round_results(rows).entries, labels={1: hostile})
    assert_accessible_and_clean(parse(ranking), ranking)


def test_long_labels_are_cut_to_fit():
    rows = [ScoreRow(entry_id=1, judge_id=1, total=70)]
    name = "시 홈페이지 AI 안내 도우미와 생활정보 추천 앱을 결합한 민원 분류 챗봇"
    root = parse(ranking_svg(round_results(rows).entries, labels={1: name}))
    label = next(t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("1. "))
    assert label.endswith("…") and len(label) < len(name)
    # the whole name stays in the tooltip
    assert name in root.find(f"{SVG}g").find(f"{SVG}title").text


def test_empty_charts():
    with translation.override("en"):
        judges = judge_distribution_svg([])
        ranking = ranking_svg(())
    for svg in (judges, ranking):
        root = parse(svg)
        assert_accessible_and_clean(root, svg)
        assert "No scores yet." in [t.text for t in root.iter(f"{SVG}text")]


def test_disconnected_round_draws_raw_means_only():
    rows = [ScoreRow(entry_id=1, judge_id=1, total=60), ScoreRow(entry_id=2, judge_id=2, total=90)]
    result = round_results(rows)
    assert not result.connected
    root = parse(ranking_svg(result.entries))
    assert len(root.findall(f".//{SVG}polygon")) == 0
    assert [g.find(f"{SVG}title").text.split(":")[0] for g in root.findall(f"{SVG}g")] == ["1. 출품작 2", "2. 출품작 1"]
