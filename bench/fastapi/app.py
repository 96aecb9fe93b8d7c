"""The chapter's FastAPI service, for the comparison in `npm run bench -- fastapi` (bench/README.md).

Written for this repository after the chapter's endpoints ("Response Headers, Cookies and Custom
Responses"): GET /posts/{id} (an ORM read, headers and a cookie set on the injected Response), POST
/posts (upsert by slug: 201 when new, 200 when it exists) and the streamed CSV export, ORM rows
yielded one by one as the chapter streams them, over SQLAlchemy on the same SQLite file as the
example service (BLOG_DB). /exports/large-posts-batched.csv is the export tuned by hand (not the
chapter's), measured beside it for reference. Runs on Debian's python3-fastapi, python3-uvicorn
and python3-sqlalchemy (bookworm: FastAPI 0.92, uvicorn 0.17, SQLAlchemy 1.4):

    BLOG_DB=/tmp/fastify-reply-kit-bench-blog-100000.db \
      python3 -m uvicorn app:app --app-dir bench/fastapi --host 127.0.0.1 --port 8000 --log-level warning
"""
import csv
import io
import os
from datetime import datetime, timezone
from typing import Iterator

from fastapi import Depends, FastAPI, HTTPException, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import Column, ForeignKey, Integer, String, Text, create_engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

engine = create_engine(f"sqlite:///{os.environ['BLOG_DB']}", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine, autoflush=False)
Base = declarative_base()


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    slug = Column(String, unique=True, nullable=False)
    title = Column(String, nullable=False)
    body = Column(Text, nullable=False)
    author_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    created_at = Column(String, nullable=False)
    updated_at = Column(String, nullable=False)
    internal_notes = Column(Text, nullable=False, default="")


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)


class PostIn(BaseModel):
    slug: str = Field(min_length=1, max_length=100, regex=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(max_length=10_000)


class PostOut(BaseModel):
    id: int
    slug: str
    title: str
    body: str
    author_id: int
    created_at: str
    updated_at: str

    class Config:
        orm_mode = True


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


app = FastAPI()


@app.get("/posts/{post_id}", response_model=PostOut)
def read_post(post_id: int, response: Response, db: Session = Depends(get_db)):
    post = db.get(Post, post_id)
    if post is None:
        raise HTTPException(status_code=404, detail="Post not found")
    response.headers["Cache-Control"] = "private, max-age=60"
    response.headers["X-Post-Id"] = str(post.id)
    response.set_cookie("last_viewed_post", str(post.id), max_age=2592000, httponly=True, secure=True, samesite="lax")
    return post


@app.post("/posts", response_model=PostOut)
def upsert_post(post: PostIn, response: Response, db: Session = Depends(get_db)):
    now = datetime.now(timezone.utc).isoformat()
    existing = db.query(Post).filter(Post.slug == post.slug).first()
    if existing is None:
        author = db.query(User.id).order_by(User.id).first()
        existing = Post(slug=post.slug, author_id=author.id, created_at=now)
        db.add(existing)
        response.status_code = 201
    existing.title = post.title
    existing.body = post.body
    existing.updated_at = now
    db.commit()
    db.refresh(existing)
    return existing


CSV_COLUMNS = ["id", "title", "author_id", "created_at"]


def csv_rows(db: Session) -> Iterator[str]:
    """The chapter's export: ORM rows fetched in batches (yield_per), one CSV row written and
    yielded per post, as its streaming section writes it."""
    try:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        for post in db.query(Post).order_by(Post.id).yield_per(1000):
            writer.writerow([post.id, post.title, post.author_id, post.created_at])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
    finally:
        db.close()


def csv_batches(db: Session) -> Iterator[str]:
    """The same export tuned by hand (not the chapter's): four columns instead of ORM objects, and
    1,000 rows per chunk, so Starlette's thread pool is entered once per chunk instead of per row."""
    try:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        query = db.query(Post.id, Post.title, Post.author_id, Post.created_at).order_by(Post.id).yield_per(1000)
        for count, row in enumerate(query, 1):
            writer.writerow(row)
            if count % 1000 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate(0)
        yield buffer.getvalue()
    finally:
        db.close()


EXPORT_HEADERS = {"Content-Disposition": 'attachment; filename="large-posts.csv"'}


@app.get("/exports/large-posts.csv")
def export_posts():
    # Its own session: the generator outlives the request's dependency scope.
    return StreamingResponse(csv_rows(SessionLocal()), media_type="text/csv", headers=EXPORT_HEADERS)


@app.get("/exports/large-posts-batched.csv")
def export_posts_batched():
    return StreamingResponse(csv_batches(SessionLocal()), media_type="text/csv", headers=EXPORT_HEADERS)
