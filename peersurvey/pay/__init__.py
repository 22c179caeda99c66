"""Paying peer researchers for their work (docs/pay.md).

  kinds.py    the kinds of work, how rates count them, how people are paid: words and pictures
  money.py    whole pence: reading and showing amounts, rates by date, periods (no floats)
  work.py     time entries: suggested from what the app knows, confirmed by a lead, or added
  claims.py   what each person is owed for a period, approving it (with the earnings limit)
              and marking it paid
"""
