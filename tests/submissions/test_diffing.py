from submissions.diffing import Line, attachments_diff, fields_diff, line_diff


def test_line_diff_marks_deleted_and_inserted_lines():
    assert line_diff("가\n나\n다", "가\n나라\n다") == [
        Line("equal", "가"),
        Line("delete", "나"),
        Line("insert", "나라"),
        Line("equal", "다"),
    ]


def test_context_leaves_out_far_unchanged_lines():
    before = "\n".join(str(n) for n in range(10))
    after = before.replace("5", "five")

    assert line_diff(before, after, context=1) == [
        Line("skip", ""),
        Line("equal", "4"),
        Line("delete", "5"),
        Line("insert", "five"),
        Line("equal", "6"),
        Line("skip", ""),
    ]


def test_fields_diff_lists_only_changed_fields_and_keeps_markup_as_text():
    diffs = fields_diff(
        {"title": "a", "summary": "same"}, {"title": "<script>x</script>", "summary": "same"}, ("title", "summary")
    )

    assert [(d.name, d.before, d.after) for d in diffs] == [("title", "a", "<script>x</script>")]
    assert diffs[0].lines == [Line("delete", "a"), Line("insert", "<script>x</script>")]


def test_attachments_diff():
    before = [
        {"kind": "slides", "name": "발표.pptx", "sha256": "a", "size": 1},
        {"kind": "screenshot", "name": "화면.png", "sha256": "b", "size": 2},
    ]
    after = [
        {"kind": "slides", "name": "발표.pptx", "sha256": "c", "size": 3},
        {"kind": "document", "name": "계획서.hwpx", "sha256": "d", "size": 4},
    ]

    assert [(c.op, c.name) for c in attachments_diff(before, after)] == [
        ("changed", "발표.pptx"),
        ("added", "계획서.hwpx"),
        ("removed", "화면.png"),
    ]
