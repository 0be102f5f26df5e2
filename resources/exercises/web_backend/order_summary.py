"""Order summaries for the customer dashboard.

The view below is called by the web framework for GET /customers/<id>/summary.
Please review it as you would review a colleague's pull request.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from shop.db import Session
from shop.models import Customer, Order

RECENT_DAYS = 30


def order_summary(customer_id, include_refunds=False, statuses=["paid", "shipped"]):
    session = Session()
    customer = session.get(Customer, customer_id)
    if include_refunds:
        statuses.append("refunded")

    since = datetime.now() - timedelta(days=RECENT_DAYS)
    orders = session.scalars(
        select(Order)
        .where(Order.customer_id == customer.id)
        .where(Order.created_at >= since)
        .where(Order.status.in_(statuses))
    ).all()

    lines = []
    total = 0
    for order in orders:
        # Each order shows the products it contains.
        items = order.items
        names = []
        for item in items:
            names.append(item.product.name)
            total += item.product.price * item.quantity
        lines.append({"id": order.id, "products": names, "status": order.status})

    return {
        "customer": customer.name,
        "email": customer.email,
        "orders": lines,
        "total": total,
        "currency": customer.currency,
    }
