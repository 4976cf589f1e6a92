"""The access needs checklist of the registration form."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalGroup
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from ...core import catalogue
from .form_parts import Checklist, hidden, labelled_input


def needs_by_group() -> dict[str, list[catalogue.AccessNeed]]:
    """The access needs catalogue under its group headings, in catalogue order."""
    groups: dict[str, list[catalogue.AccessNeed]] = {}
    for need in catalogue.ACCESS_NEEDS:
        groups.setdefault(need.group, []).append(need)
    return groups


def second_column_start(groups: list[list[catalogue.AccessNeed]]) -> int:
    """The group the second column starts with (catalogue order, down the first column then the
    second) that makes the columns nearest one length: a group is a blank line, its heading and
    its needs."""
    lengths = [len(needs) + 2 for needs in groups]
    half, running = sum(lengths) / 2, 0
    for index, length in enumerate(lengths):
        if running + length / 2 > half:
            return index
        running += length
    return len(groups)


class AccessNeedsChecklist(VerticalGroup):
    """Access needs ticked under their group headings, in two columns when wide (down the
    first, then the second). A need with a detail (print size, language, allergen) shows an
    input for it once ticked."""

    class Changed(Message):
        """A need was ticked or unticked: read `needs` for what is ticked now."""

    def compose(self) -> ComposeResult:
        groups = list(needs_by_group().items())
        split = second_column_start([needs for _, needs in groups])
        for column in (groups[:split], groups[split:]):
            with VerticalGroup(classes="reg-needs-column"):
                for group, needs in column:
                    yield self._group(groups.index((group, needs)), group, needs)

    @staticmethod
    def _group(index: int, group: str, needs: list[catalogue.AccessNeed]) -> VerticalGroup:
        details = [hidden(labelled_input(need.detail_prompt, f"detail-{need.code}",
                                         placeholder=f"for {need.label.lower()}"))
                   for need in needs if need.detail_prompt]
        return VerticalGroup(
            Label(group, classes="reg-group"),
            Checklist[str](*(Selection(Content(need.label), need.code) for need in needs),
                           id=f"needs-{index}", classes="reg-needs"),
            *details, classes="reg-need-group")

    @property
    def needs(self) -> list[tuple[str, str | None]]:
        """The ticked needs in catalogue order, each with its detail (None when blank)."""
        ticked = {code for selection_list in self.query(SelectionList) for code in selection_list.selected}
        return [(need.code, (self._detail(need.code).value.strip() or None) if need.detail_prompt else None)
                for need in catalogue.ACCESS_NEEDS if need.code in ticked]

    def show_needs(self, access: Iterable[tuple[str, str | None]]) -> None:
        """Tick exactly these needs and fill in their details."""
        details = dict(access)
        groups = list(needs_by_group())
        for selection_list in self.query(SelectionList):
            selection_list.deselect_all()
        for code in details:
            group = groups.index(catalogue.NEEDS_BY_CODE[code].group)
            self.query_one(f"#needs-{group}", SelectionList).select(code)
        for need in catalogue.ACCESS_NEEDS:
            if need.detail_prompt:
                self._detail(need.code).value = details.get(need.code) or ""

    def _detail(self, code: str) -> Input:
        return self.query_one(f"#detail-{code}", Input)

    @on(SelectionList.SelectedChanged, ".reg-needs")
    def _show_detail_inputs(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        ticked = {code for code, _ in self.needs}
        for need in catalogue.ACCESS_NEEDS:
            if need.detail_prompt:
                self.query_one(f"#detail-{need.code}-field").display = need.code in ticked
        self.post_message(self.Changed())
