"""How a changed guard differs in meaning: IAM Access Analyzer's ``CheckNoNewAccess``, both ways.

A text that differs from the proven one may still grant exactly the same (a statement split in
two), or less, or more. ``CheckNoNewAccess`` answers one direction: whether a new document grants
any access the existing one does not (``FAIL``) or none (``PASS``). Asked both ways, with the
live document and the built one in each role, it tells the three cases apart. A guard is made of
Deny statements: one removed or narrowed lets requests through that the built text stops, and
Access Analyzer reports that as new access like any other.

Each check is one billed call (docs/aws-commands.md, "verify"); only documents whose canonical
text differs are checked, so a run makes two calls per changed document and none when the
account is as deployed. What Access Analyzer decides can only be confirmed against AWS itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from components.aws.client.errors import AwsError
from components.aws.client.session import Aws

EQUIVALENT = "equivalent"
LESS_RESTRICTIVE = "less restrictive"
MORE_RESTRICTIVE = "more restrictive"
#: The document type the guards are checked as: identity policies, and SCPs, whose Allow and
#: Deny statements Access Analyzer reads the same way.
POLICY_TYPE = "IDENTITY_POLICY"


def meaning(aws: Aws, live: Mapping[str, Any] | str, built: str) -> str:
    """``equivalent``, ``less restrictive`` or ``more restrictive``: the live document compared
    with the built one. When each grants something the other does not, it is ``less
    restrictive`` (it lets through what the proof says is stopped), and says so.

    Raises:
        AwsError: a call failed, or its answer is neither ``PASS`` nor ``FAIL``.
    """
    live_text = live if isinstance(live, str) else json.dumps(live)
    grants_more = _new_access(aws, new=live_text, existing=built)
    grants_less = _new_access(aws, new=built, existing=live_text)
    if grants_more and grants_less:
        return f"{LESS_RESTRICTIVE} (and {MORE_RESTRICTIVE} elsewhere)"
    if grants_more:
        return LESS_RESTRICTIVE
    return MORE_RESTRICTIVE if grants_less else EQUIVALENT


def _new_access(aws: Aws, *, new: str, existing: str) -> bool:
    response = aws.call(
        "access-analyzer",
        "check_no_new_access",
        newPolicyDocument=new,
        existingPolicyDocument=existing,
        policyType=POLICY_TYPE,
    )
    result = response["result"]
    if result not in ("PASS", "FAIL"):
        raise AwsError(
            f"AWS access-analyzer CheckNoNewAccess answered result {result!r}, neither PASS nor "
            "FAIL, so the endpoint is probably not the AWS API"
        )
    return result == "FAIL"
