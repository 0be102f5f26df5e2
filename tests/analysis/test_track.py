"""The track guess weighs each repository's code, tests, stars and recency, not a count
of frameworks (issue 12, items 8 and 12)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.analysis.sdists import analysed

from recruitdesk.analysis.archive import read_source
from recruitdesk.analysis.engine import assemble
from recruitdesk.analysis.repository import RepoInfo, build_repo_result
from recruitdesk.analysis.result import RepoResult
from recruitdesk.domain.track import guess_track, repo_standing

SERVICE_MODULE = '''"""Orders of the shop, over HTTP."""

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy import Integer, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

app = FastAPI()
engine = create_engine("sqlite://")


class Base(DeclarativeBase):
    pass


class Order{n}(Base):
    __tablename__ = "orders{n}"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item: Mapped[str] = mapped_column(String(80))


class OrderIn{n}(BaseModel):
    item: str


@app.post("/orders{n}")
def create_order{n}(order: OrderIn{n}) -> dict[str, int]:
    """Store one order and return its id."""
    with Session(engine) as session:
        row = Order{n}(item=order.item)
        session.add(row)
        session.commit()
        return {{"id": row.id}}


@app.get("/orders{n}/{{order_id}}")
def read_order{n}(order_id: int) -> dict[str, str]:
    """One stored order."""
    with Session(engine) as session:
        row = session.scalars(select(Order{n}).where(Order{n}.id == order_id)).first()
        if row is None:
            raise HTTPException(status_code=404)
        return {{"item": row.item}}
'''

SERVICE_TEST = """from fastapi.testclient import TestClient

from shop.orders{n} import app


def test_an_order_is_stored_and_read_back{n}() -> None:
    client = TestClient(app)
    created = client.post("/orders{n}", json={{"item": "tea"}}).json()
    assert client.get(f"/orders{n}/{{created['id']}}").json() == {{"item": "tea"}}
"""

ETL_SCRIPT = """import numpy as np
import pandas as pd
from prefect import flow


@flow
def nightly(path: str) -> None:
    frame = pd.read_csv(path)
    frame["total"] = np.round(frame["price"] * frame["count"], 2)
    frame.to_parquet(path.replace(".csv", ".parquet"))


if __name__ == "__main__":
    nightly("sales.csv")
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _repo(root: Path, stars: int, pushed_days_ago: int) -> RepoResult:
    info = RepoInfo(name=root.name, stars=stars, pushed_at=_days_ago(pushed_days_ago))
    return build_repo_result(info, read_source(root), workers=1)


def test_the_main_tested_starred_fastapi_service_decides_over_a_small_etl_script(
    tmp_path: Path,
) -> None:
    """Expert's expectation, written first: the developer's main repository is a FastAPI
    service (a few hundred lines, tested, 40 stars, pushed last week); the other is a
    15-line ETL script pushed two years ago that imports pandas, NumPy and Prefect. They
    are a web/backend developer, though the script alone names more data libraries."""
    service_files = {"shop/__init__.py": "", "requirements.txt": "fastapi\nuvicorn\n"}
    for n in range(6):
        service_files[f"shop/orders{n}.py"] = SERVICE_MODULE.format(n=n)
        service_files[f"tests/test_orders{n}.py"] = SERVICE_TEST.format(n=n)
    service = _repo(_write(tmp_path / "shop", service_files), stars=40, pushed_days_ago=7)
    etl = _repo(_write(tmp_path / "etl", {"etl.py": ETL_SCRIPT}), stars=0, pushed_days_ago=730)
    assert etl.sloc <= 15
    result = assemble(source="github", login="ada", repos=[service, etl])
    assert result.track == "web_backend"
    # Alone, the script is a data developer's.
    assert assemble(source="github", login="bo", repos=[etl]).track == "data_ml"


def test_an_http_client_library_is_web_backend() -> None:
    """Expert's expectation, written first: HTTPX 0.28.1 is an HTTP client library (its
    package speaks HTTP/1.1 and HTTP/2 through httpcore and h2, async through anyio,
    with a small command line on click and rich). Its author works on the web/backend
    track; httpcore is a skill evidenced first by a file of the httpx package."""
    result = analysed("httpx", "0.28.1")
    assert result.track == "web_backend"
    skills = {skill.name: skill for skill in result.skills}
    assert skills["httpcore"].evidence[0].path.startswith("httpx/")
    assert "h2 (HTTP/2)" in skills


def test_a_plotting_library_is_data_ml() -> None:
    """Expert's expectation, written first: seaborn 0.13.2 is a statistical plotting
    library on Matplotlib, pandas and NumPy: data/ML, with Matplotlib among its skills
    evidenced by the package's own code."""
    result = analysed("seaborn", "0.13.2")
    assert result.track == "data_ml"
    skills = {skill.name: skill for skill in result.skills}
    assert skills["Matplotlib"].evidence[0].path.startswith("seaborn/")
    assert {"pandas", "NumPy"} <= set(skills)


def test_standing_grows_with_code_tests_stars_and_recency() -> None:
    base = repo_standing(2000, has_tests=False, stars=0, age_days=None)
    assert repo_standing(2000, has_tests=True, stars=0, age_days=None) > base
    assert repo_standing(2000, has_tests=False, stars=100, age_days=None) > base
    assert repo_standing(2000, has_tests=False, stars=0, age_days=3 * 365) < base
    assert repo_standing(20000, has_tests=False, stars=0, age_days=None) > base
    # Ten times the code is not ten times the say.
    assert repo_standing(20000, has_tests=False, stars=0, age_days=None) < 2 * base
    assert repo_standing(0, has_tests=False, stars=0, age_days=None) == 0


def test_the_leading_track_must_lead_clearly() -> None:
    assert guess_track({"web_backend": 10, "data_ml": 9}) is None
    assert guess_track({"web_backend": 10, "data_ml": 7}) == "web_backend"
