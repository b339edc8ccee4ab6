"""The Japanese frame hooks: the East Asian rules of cjk_frames.py with Japanese word lists."""

from kb.extract.cjk_frames import (attribute_rule, bracketed_rule, described_rule, lead_subject_rule, measured_topic_rule, reporter_rule,
                                   subject_rule, topic_rule)

attribute = attribute_rule("ja")
topic = topic_rule("ja")
described = described_rule("ja")
bracketed = bracketed_rule("ja")
sentence_subject = subject_rule("ja")
measured_topic = measured_topic_rule("ja")
lead_subject = lead_subject_rule("ja")
is_reporter = reporter_rule("ja")
