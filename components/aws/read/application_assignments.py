"""The domain's IAM Identity Center application: who is assigned to it, by name.

Identity Center is reached as the program reaches it: in ``identityCenterRegion`` (else the
stack's region), as ``identityCenterRoleArn`` when one is set. ``ListApplicationAssignments``
returns principal ids only, so each assigned user is named by ``DescribeUser`` and each group by
``DescribeGroup`` (on a few threads); a user or group deleted from the directory while still
assigned keeps its id and no name.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.aws.client.errors import AwsError
from components.aws.client.parallel import concurrently
from components.aws.client.session import Aws
from components.core.settings.stack import Settings

#: The largest page ``ListApplicationAssignments`` returns.
ASSIGNMENT_PAGE_SIZE = 100
#: The identity store names a user's ``UserName`` this way in ``GetUserId`` (its API reference).
USER_NAME_PATH = "userName"
_GONE = ("ResourceNotFoundException",)
SESSION_NAME = "studio-access-identity-center"


@dataclass(frozen=True)
class Assignment:
    """One principal assigned to the application.

    Attributes:
        principal_type: ``USER`` or ``GROUP``.
        principal_id: its id in the identity store.
        name: a user's ``UserName`` or a group's ``DisplayName``; ``None`` when the directory no
            longer has it.
    """

    principal_type: str
    principal_id: str
    name: str | None = None

    def import_id(self, application_arn: str) -> str:
        """The id ``pulumi import`` takes for the assignment (``application,principal,type``)."""
        return f"{application_arn},{self.principal_id},{self.principal_type}"


def connect_identity_center(aws: Aws, settings: Settings) -> Aws:
    """The session that reaches Identity Center: the stack's, in Identity Center's region, as
    ``identityCenterReadRoleArn`` (else ``identityCenterRoleArn``) when one is set.

    Raises:
        AwsError: the role cannot be assumed.
    """
    target = aws
    # The read role, which the audit role may assume; the write role only for an operator it trusts.
    if role := settings.identity_center_read_role_arn or settings.identity_center_role_arn:
        target = aws.assume(role, SESSION_NAME)
    region = settings.identity_center_region
    return target.in_region(region) if region and region != target.region else target


#: Principal type -> the identity store call that names it: operation, id parameter, name field.
_DESCRIBE = {
    "USER": ("describe_user", "UserId", "UserName"),
    "GROUP": ("describe_group", "GroupId", "DisplayName"),
}


def read_assignments(
    aws: Aws, settings: Settings, application_arn: str, *, named: bool = True
) -> list[Assignment]:
    """Every user and group assigned to ``application_arn``; with ``named``, their names.

    Costs ``ceil(assignments / 100)`` ``ListApplicationAssignments`` calls and, with ``named``,
    one ``DescribeUser`` or ``DescribeGroup`` per assignment.

    Raises:
        AwsError: a call failed (the application does not exist, access denied, …).
    """
    found = list(
        aws.items(
            "sso-admin",
            "list_application_assignments",
            "ApplicationAssignments",
            ASSIGNMENT_PAGE_SIZE,
            ApplicationArn=application_arn,
        )
    )
    if not named:
        return [Assignment(item["PrincipalType"], item["PrincipalId"]) for item in found]
    aws.client("identitystore")  # created before the threads share it
    store = directory_id(settings)

    def with_name(item: dict) -> Assignment:
        kind, principal = item["PrincipalType"], item["PrincipalId"]
        operation, id_key, name_key = _DESCRIBE["USER" if kind == "USER" else "GROUP"]
        response = aws.call(
            "identitystore", operation, tolerate=_GONE, IdentityStoreId=store, **{id_key: principal}
        )
        return Assignment(kind, principal, response.get(name_key) if response else None)

    return list(concurrently(with_name, found))


def user_id(aws: Aws, settings: Settings, user_name: str) -> str | None:
    """The directory's id for ``user_name``, or ``None`` when it has no such user."""
    response = aws.call(
        "identitystore",
        "get_user_id",
        tolerate=_GONE,
        IdentityStoreId=directory_id(settings),
        AlternateIdentifier={
            "UniqueAttribute": {"AttributePath": USER_NAME_PATH, "AttributeValue": user_name}
        },
    )
    return response["UserId"] if response else None


def directory_id(settings: Settings) -> str:
    """The identity store's id (``identityStoreId`` may be written as its ARN)."""
    if not settings.identity_store_id:
        raise AwsError("authMode: sso needs identityStoreId in the stack settings")
    return settings.identity_store_id.rsplit("/", 1)[-1]
