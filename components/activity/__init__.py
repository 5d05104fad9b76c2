"""``activity``: who opened what, read from CloudTrail's event history, denied attempts first.

The command reads ``LookupEvents`` (paced to its documented rate, page by page, each event
handled as it arrives and then forgotten) for the Studio events of the stack's domain and the
guarded IAM and tag changes, attributes each event's caller to a person of users/ and its
target to the profile's owner, and tallies what the report needs: the denied attempts on
someone else's profile, space or app, each person's sign-ins, sessions and app starts, the
active people who have not used their access, and every event it could not attribute.

``events`` names what is read and reads one event's fields, ``lookup`` reads the pages,
``people`` knows who is who in users/, ``callers`` and ``targets`` apply the attribution rules,
``tally`` keeps the report and ``command`` puts them together. Only ``lookup`` and ``command``
call AWS (through ``aws.client.session.Aws``); the floor imports ``core``, ``kinds``,
``roster`` and ``aws``, never boto3 itself.
"""
