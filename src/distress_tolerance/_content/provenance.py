"""Where content comes from and who has checked it: sources and clinical review, shared by every
kind of content (techniques, the first hour after self-harm, the safety plan's form)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Self

from pydantic import model_validator

from distress_tolerance._content.model_base import Model, Text, Url

__all__ = ["Review", "ReviewStatus", "Source", "SourceUse"]


class SourceUse(StrEnum):
    """How a source is used: a concept paraphrased or a procedure adapted."""

    CONCEPT = "concept"
    PROCEDURE = "procedure"


class ReviewStatus(StrEnum):
    """Clinical review status. ``draft`` until a qualified person has reviewed it."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    REVIEWED = "reviewed"


class Source(Model):
    """A citation, and whether we paraphrase a concept or adapt a procedure from it."""

    citation: Text
    use: SourceUse
    url: Url | None = None


class Review(Model):
    """Clinical review status and dates."""

    status: ReviewStatus
    written: dt.date
    last_reviewed: dt.date | None = None
    review_due: dt.date | None = None
    reviewers: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.status is ReviewStatus.REVIEWED and not (self.reviewers and self.last_reviewed):
            msg = "a reviewed item names its reviewers and the date of the review"
            raise ValueError(msg)
        if self.status is ReviewStatus.DRAFT and self.last_reviewed is not None:
            msg = "a draft has no last_reviewed date"
            raise ValueError(msg)
        if self.review_due is not None and self.review_due < self.written:
            msg = "review_due is before the date written"
            raise ValueError(msg)
        return self
