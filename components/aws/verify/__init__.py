"""``verify``: the live account holds the documents ``check`` proved, and AWS's evaluator agrees.

Part of ``aws`` (with ``meter``, the only floors that import boto3), so it may import ``roster``
and ``policies`` and nothing above them. The requests AWS's policy simulator is asked come from the
CLI, which builds them with the proof (``proof`` is not importable here) and hands them in as
plain ``probes.Probe`` values, with the product evaluator's decision on each.

* ``canonical``: documents compared by meaning of their JSON, not by their bytes;
* ``expected``: what ``pulumi up`` creates for users/ and the stack, as names, texts and tags;
* ``guards``, ``principals``, ``organization``: reading each back and judging it;
* ``analyzer``: IAM Access Analyzer's ``CheckNoNewAccess``, both ways, for a differing guard;
* ``probes``: the sample principals and AWS's policy simulator (``SimulatePrincipalPolicy``);
* ``command``: the run, within a fixed budget of calls.
"""
