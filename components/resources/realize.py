"""Turn registrations (``core.registrations.Registration``) into Pulumi resources.

The kinds of principal and the per-user plan describe what to register as data; this is the one
place that knows which ``pulumi_aws`` class a type token is and how a ``Ref`` becomes an output.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_aws as aws

from components.core.registrations import Lookup, Ref, Registration

#: Type token -> where ``pulumi_aws`` keeps the class that registers it (module, class). Read
#: when first registered: each of ``pulumi_aws``'s modules takes a good fraction of a second to
#: load, and a stack without Identity Center never needs ``ssoadmin`` or ``identitystore``.
TYPES: dict[str, tuple[str, str]] = {
    "aws:iam/user:User": ("iam", "User"),
    "aws:iam/role:Role": ("iam", "Role"),
    "aws:iam/userGroupMembership:UserGroupMembership": ("iam", "UserGroupMembership"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ("iam", "RolePolicyAttachment"),
    "aws:iam/rolePolicy:RolePolicy": ("iam", "RolePolicy"),
    "aws:sagemaker/userProfile:UserProfile": ("sagemaker", "UserProfile"),
    "aws:ssoadmin/applicationAssignment:ApplicationAssignment": (
        "ssoadmin",
        "ApplicationAssignment",
    ),
    "aws:ssoadmin/permissionSet:PermissionSet": ("ssoadmin", "PermissionSet"),
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": (
        "ssoadmin",
        "PermissionSetInlinePolicy",
    ),
    "aws:ssoadmin/accountAssignment:AccountAssignment": ("ssoadmin", "AccountAssignment"),
}
#: Function token -> where the ``pulumi_aws`` data source that reads it is (module, function);
#: ``""`` is the package itself.
LOOKUPS: dict[str, tuple[str, str]] = {
    "aws:identitystore/getUser:getUser": ("identitystore", "get_user_output"),
    "aws:index/getCallerIdentity:getCallerIdentity": ("", "get_caller_identity_output"),
}


def _from_aws(module: str, name: str) -> Any:
    """``aws.<module>.<name>`` (``aws.<name>`` for ``""``), loading the module on first use."""
    return getattr(getattr(aws, module) if module else aws, name)


class Realizer:
    """Registers steps in order under one parent, resolving each ``Ref`` as it goes.

    Args:
        parent: the component the resources belong to.
        outputs: what ``Ref(STACK, …)`` resolves to, by attribute.
        providers: providers other than the stack's, by name.
    """

    def __init__(
        self,
        parent: pulumi.Resource,
        outputs: Mapping[str, Any],
        providers: Mapping[str, pulumi.ProviderResource] | None = None,
    ):
        self._parent = parent
        self._providers = dict(providers or {})
        self._done: dict[str, Any] = {"<stack>": outputs}

    def run(self, steps: tuple[Registration | Lookup, ...] | list[Registration | Lookup]) -> None:
        # Registers from here, not from a helper: the engine records the call stack of every
        # registration, and each frame it walks costs as much as a small resource's inputs.
        for step in steps:
            if isinstance(step, Lookup):
                self._lookup(step)
                continue
            inputs = self._resolve(step.inputs)
            parts = inputs.get("policy_arn")
            if isinstance(parts, list):
                self._register_parts(step, inputs, parts)
            else:
                self._done[step.name] = self._create(step, step.name, inputs)

    def output(self, ref: Ref) -> Any:
        """The value a ``Ref`` stands for."""
        source = self._done[ref.resource]
        if isinstance(source, Mapping):
            return source[ref.attribute]
        return getattr(source, ref.attribute)

    def _register_parts(
        self, step: Registration, inputs: Mapping[str, Any], parts: list[Any]
    ) -> None:
        """A document split into several managed policies: attach every part, the first under
        the step's own name, so that one part alone changes nothing for the stack."""
        for index, arn in enumerate(parts, start=1):
            name = step.name if index == 1 else f"{step.name}-{index}"
            resource = self._create(step, name, {**inputs, "policy_arn": arn})
            if index == 1:
                self._done[step.name] = resource

    def _create(
        self, step: Registration, name: str, inputs: Mapping[str, Any]
    ) -> pulumi.CustomResource:
        options = pulumi.ResourceOptions(
            parent=self._parent,
            retain_on_delete=step.retain_on_delete or None,
            delete_before_replace=step.delete_before_replace or None,
            provider=self._providers.get(step.provider) if step.provider else None,
            depends_on=[self._done[name] for name in step.depends_on] or None,
        )
        resource: pulumi.CustomResource = _from_aws(*TYPES[step.type])(name, **inputs, opts=options)
        return resource

    def _lookup(self, step: Lookup) -> None:
        options = pulumi.InvokeOutputOptions(
            parent=self._parent,
            provider=self._providers.get(step.provider) if step.provider else None,
        )
        arguments = {key: _wire_names(value) for key, value in self._resolve(step.inputs).items()}
        result = _from_aws(*LOOKUPS[step.function])(**arguments, opts=options)
        self._done[step.name] = found(result, step.failure)

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, Ref):
            return self.output(value)
        if isinstance(value, Mapping):
            return {key: self._resolve(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self._resolve(item) for item in value]
        return value


def _wire_names(value: Any) -> Any:
    """Nested mappings with the provider's names for their keys (``unique_attribute`` is
    ``uniqueAttribute``).

    A resource's arguments are translated by their types; an invoke's are sent as written, so a
    nested dictionary must already use the names the provider reads.
    """
    if isinstance(value, Mapping):
        return {_camel(key): _wire_names(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_wire_names(item) for item in value]
    return value


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


class LookupFailed(pulumi.RunError):
    """A data source found nothing: the run stops with the lookup's ``failure``, which names the
    user file (a ``RunError`` is printed without a stack trace)."""


def found(result: pulumi.Output[Any], failure: str) -> pulumi.Output[Any]:
    """``result``, or a run that stops with ``failure`` when the data source found nothing.

    A provider reports "no such user" as a failed invoke, whose own message names neither the
    file nor the fix; an empty result (every attribute unset) means the same. Either way the
    run fails with ``failure``, the provider's words kept in brackets. The result is awaited
    through the SDK's ``Output.future`` because ``apply`` never sees a failed invoke; what is
    returned is ``result`` itself, so its dependencies stay, and a result a preview cannot know
    yet stays unknown instead of counting as "nothing found".
    """

    async def checked() -> pulumi.Output[Any]:
        try:
            known = await result.is_known()
            value = await result.future()
        except Exception as error:  # the invoke failed: nothing found, or nothing could look
            reason = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            raise LookupFailed(f"{failure} ({reason})") from None
        if known and not _has_value(value):
            raise LookupFailed(failure)
        return result

    return pulumi.Output.from_input(checked())


def _has_value(value: Any) -> bool:
    """Whether a data source's result carries anything: an output type with an attribute set."""
    if value is None:
        return False
    attributes = value if isinstance(value, Mapping) else vars(value)
    return any(item not in (None, "", [], {}) for item in attributes.values())
