"""Groups of children through shared entities: common ground and weak links join no one."""

from missinghub.pursue.network import Group, LinkRow, evaluate, find_groups


def strong(child: int, entity: int) -> LinkRow:
    return LinkRow(child, entity, "2", "B")


def test_children_sharing_entities_form_one_group_with_its_most_connected_entity_first() -> None:
    rows = [strong(1, 100), strong(2, 100), strong(3, 100), strong(3, 101), strong(4, 101)]
    groups = find_groups(rows)
    assert [group.children for group in groups] == [frozenset({1, 2, 3, 4})]
    assert groups[0].entities[0] == (100, 3)


def test_a_place_many_children_name_does_not_merge_two_groups() -> None:
    rows = [strong(c, 100) for c in (1, 2, 3)] + [strong(c, 200) for c in (4, 5, 6)]
    rows += [strong(c, 999) for c in range(1, 30)]  # a bus station
    groups = find_groups(rows, max_children=12)
    assert sorted(sorted(group.children) for group in groups) == [[1, 2, 3], [4, 5, 6]]


def test_a_link_suspected_false_or_from_an_unreliable_source_joins_no_one() -> None:
    rows = [strong(c, 100) for c in (1, 2, 3)] + [strong(c, 200) for c in (4, 5, 6)]
    rows += [LinkRow(3, 200, "3", "D"), LinkRow(1, 200, "1", "E")]
    groups = find_groups(rows)
    assert len(groups) == 2
    rows.append(LinkRow(2, 200, "2", "C"))  # an untested source, known indirectly: counts
    assert len(find_groups(rows)) == 1


def test_two_children_sharing_one_contact_are_a_pair_not_a_group() -> None:
    assert find_groups([strong(1, 100), strong(2, 100)]) == []


def test_evaluation_scores_pairs_and_matches_each_planted_group() -> None:
    found = [Group(frozenset({1, 2, 3, 9}), ((100, 4),)), Group(frozenset({4, 5}), ())]
    scored = evaluate({"G01": {1, 2, 3}, "G02": {4, 5, 6}}, found)
    # Truth pairs: 3 + 3; found pairs: 6 + 1; shared: 3 + 1.
    assert scored.precision == round(4 / 7, 4)
    assert scored.recall == round(4 / 6, 4)
    assert scored.matches[0]["found"] == 0
    assert scored.matches[1]["shared_children"] == 2
