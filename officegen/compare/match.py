"""Pairing the items of two versions: by id, then renames (a new id with the same name and place).

An item whose id is in both versions is the same item. Of the rest, an OLD and a NEW item whose
name and place (parent department; department and manager; process) are the same, once the
references are translated through the pairs found so far, are one item renamed, when that
pairing is unambiguous: exactly one candidate on each side. Pairs are searched again until
none is found, so a renamed manager's renamed report pairs too, one level per round.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")

#: what an OLD reference that has no NEW counterpart translates to: equal to no NEW id
GONE = ("gone",)


def pair(
    old: Mapping[str, T],
    new: Mapping[str, U],
    old_key: Callable[[T, Mapping[str, str]], Hashable],
    new_key: Callable[[U], Hashable],
) -> dict[str, str]:
    """OLD id -> NEW id. ``old_key(item, pairs)`` is an OLD item's name and place in NEW's terms
    (using the pairs found so far); ``new_key`` a NEW item's."""
    pairs = {i: i for i in old if i in new}
    left_old = [i for i in old if i not in new]
    left_new = {i for i in new if i not in old}
    if not left_old or not left_new:
        return pairs
    new_by_key = _unique((new_key(new[i]), i) for i in new if i in left_new)
    while left_old and left_new:
        old_by_key = _unique((old_key(old[i], pairs), i) for i in left_old)
        found = {o: new_by_key[k] for k, o in old_by_key.items() if k in new_by_key and new_by_key[k] in left_new}
        if not found:
            break
        pairs.update(found)
        left_new.difference_update(found.values())
        left_old = [i for i in left_old if i not in found]
    return pairs


def _unique(items: Iterable[tuple[Hashable, str]]) -> dict[Hashable, str]:
    """key -> id for the keys that exactly one id has."""
    groups: dict[Hashable, list[str]] = defaultdict(list)
    for key, ident in items:
        groups[key].append(ident)
    return {k: ids[0] for k, ids in groups.items() if len(ids) == 1}


def translate(ref: str | None, pairs: Mapping[str, str]) -> object:
    """An OLD reference in NEW's terms: None stays None, an unpaired id becomes :data:`GONE`."""
    if ref is None:
        return None
    return pairs.get(ref, GONE)
