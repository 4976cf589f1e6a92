"""The words of involvement payments: the choices a person makes, how a rate is counted, the
kinds of expense and how a payment was made (key: as shown). Kept apart from `payments` so the
command line can offer them without loading attendance and the payments code at start-up."""

CHOICES = {"fee": "fee", "voucher": "voucher", "expenses": "expenses only", "declined": "declined"}
PAID_FOR_TIME = ("fee", "voucher")  # the choices the rate is paid for
PER = {"hour": "hour", "half_day": "half day", "day": "day"}
KINDS = {"travel": "travel", "pa_travel": "PA travel", "subsistence": "subsistence",
         "care_cover": "care cover", "other": "other"}
HOW = {"bank": "bank transfer", "voucher": "voucher", "cash": "cash on the day"}
