"""Daily revenue per country, read from the payment provider's CSV export.

The nightly job calls load_revenue() with the day's export file and writes the
returned table to the warehouse. Please review it as you would review a
colleague's pull request.
"""

import csv
import sqlite3

WAREHOUSE = "warehouse.db"


def country_of(connection, account_id):
    row = connection.execute(
        "SELECT country FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    return row[0]


def load_revenue(path, totals={}, skip_refunds=True):
    connection = sqlite3.connect(WAREHOUSE)
    handle = open(path)
    reader = csv.DictReader(handle)
    for row in reader:
        if skip_refunds and row["type"] == "refund":
            continue
        amount = float(row["amount"])
        country = country_of(connection, row["account_id"])
        totals[country] = totals.get(country, 0) + amount
    handle.close()
    connection.close()
    return totals


def write_revenue(day, totals):
    connection = sqlite3.connect(WAREHOUSE)
    for country, amount in totals.items():
        connection.execute(
            "INSERT INTO revenue (day, country, amount) VALUES (?, ?, ?)",
            (day, country, amount),
        )
    connection.commit()
    connection.close()


def nightly(day, path):
    totals = load_revenue(path)
    write_revenue(day, totals)
    print("revenue written for", day, "countries:", len(totals))
    return len(totals)
