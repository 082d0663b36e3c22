"""The rules of filters (CreateFilter, DescribeFilter, ListFilters, DeleteFilter: there is no UpdateFilter); see
docs/emulator.md, "Fidelity ledger". What a filter does to recommendations is ``filtering``'s."""

from __future__ import annotations

from pulumi_personalize.resources.filter_expression import FilterExpressionError, parse

from .exceptions import InvalidInputException, LimitExceededException, ResourceAlreadyExistsException
from .operations import BackendCore, mutation, new_lifecycle, start_deletion
from .recommending import Filter
from .store import STORE
from .tags import merge_tags

__all__ = ["FilterOperations"]


class FilterOperations(BackendCore):
    """Filters of one account and region."""

    @mutation
    def create_filter(self, name: str, dataset_group_arn: str, expression: str, tags: list[dict[str, str]]) -> Filter:
        arn = self._arn(f"filter/{name}")
        self._sweep()
        if arn in self.inventory.filters:
            raise ResourceAlreadyExistsException(f"Filter with ARN {arn} already exists.")
        group = self.inventory.dataset_group(dataset_group_arn)
        try:
            parse(expression)
        except FilterExpressionError as error:
            raise InvalidInputException(f"The filter expression is not valid {error}.") from None
        quota = STORE.settings.quotas.filters
        if len(self.inventory.filters_of(group.arn)) >= quota:
            raise LimitExceededException(
                f"Dataset group {group.arn} has {quota} filters, its quota; delete one or request a quota increase."
            )
        created = Filter(
            arn=arn,
            name=name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=new_lifecycle("filter"),
            tags=merge_tags({}, tags),
            dataset_group_arn=group.arn,
            filter_expression=expression,
        )
        self.inventory.add(created, created.lifecycle.created_at)
        return created

    def describe_filter(self, arn: str) -> Filter:
        self._sweep()
        return self.inventory.filter(arn)

    def list_filters(self, dataset_group_arn: str | None) -> list[Filter]:
        self._sweep()
        return self.inventory.filters_of(dataset_group_arn)

    @mutation
    def delete_filter(self, arn: str) -> None:
        start_deletion(self.describe_filter(arn))
