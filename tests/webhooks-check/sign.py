"""Signs webhook deliveries with the Standard Webhooks reference library
(PyPI's `standardwebhooks`), for tests/tests/webhooks.rs.

Reads from stdin a JSON object: {"secret", "deliveries": [{"case", "body",
"secret"?, "age"?, "drop"?}]}; writes to stdout the deliveries with their
headers: {"case", "headers": {name: value}, "body"}. `secret` overrides the
signing secret (a wrong one), `age` signs that many seconds in the past,
`drop` leaves that header out.
"""

import datetime
import json
import sys

from standardwebhooks.webhooks import Webhook

request = json.load(sys.stdin)
out = []
for i, delivery in enumerate(request["deliveries"]):
    hook = Webhook(delivery.get("secret", request["secret"]))
    when = datetime.datetime.now(tz=datetime.timezone.utc) - datetime.timedelta(
        seconds=delivery.get("age", 0)
    )
    msg_id = f"msg_{i}"
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": hook.sign(msg_id, when, delivery["body"]),
    }
    # The library itself accepts what it signed (it reads the payload as
    # JSON once verified, so not a body that is not JSON).
    if "secret" not in delivery and delivery.get("age", 0) == 0:
        try:
            json.loads(delivery["body"])
            is_json = True
        except ValueError:
            is_json = False
        if is_json:
            hook.verify(delivery["body"], headers)
    if "drop" in delivery:
        del headers[delivery["drop"]]
    out.append({"case": delivery["case"], "headers": headers, "body": delivery["body"]})
json.dump(out, sys.stdout)
