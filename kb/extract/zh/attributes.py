"""The Chinese frame hooks: the East Asian rules of cjk_frames.py with Chinese word lists."""

from kb.extract.cjk_frames import (attribute_rule, bracketed_rule, described_rule, lead_subject_rule, subject_rule,
                                   topic_rule)

attribute = attribute_rule("zh")
topic = topic_rule("zh")
described = described_rule("zh")
bracketed = bracketed_rule("zh")
sentence_subject = subject_rule("zh")
lead_subject = lead_subject_rule("zh")
