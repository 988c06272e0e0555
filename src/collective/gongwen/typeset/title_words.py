"""The words of a document title, for breaking its lines (GB/T 9704-2012 7.3.1); plain Python.

7.3.1 lets a long title break only where its words and meaning stay whole (词意完整).
Chinese has no spaces and WeasyPrint breaks between any two ideographs, so
``rules.title_lines`` chooses the lines itself, at the boundaries of the words jieba
finds (its dictionary, with the HMM for names it does not know, e.g. 长垣, 周营),
``TITLE_WORDS`` added to it. jieba's dictionary is loaded once per process, on the
first title longer than a line (about 0.5 s, 70 MB); the render server loads it
before it forks its children (``child._warm_up``).
"""

import functools

# Words of this trade that jieba's dictionary lacks or cuts wrongly, space-separated.
TITLE_WORDS = (
    "河务局 控导 根石 险工 滩区 迁安 防凌 凌汛 汛前 汛期 堤防 水行政 河长制 "
    "发文 收文 公文 正式文件 附件说明"
)


@functools.cache
def _tokenizer():
    import jieba

    jieba.setLogLevel(60)  # no "Building prefix dict…" on stderr
    tokenizer = jieba.Tokenizer()
    for word in TITLE_WORDS.split():
        tokenizer.add_word(word)
    return tokenizer


def title_words(title):
    """The words of ``title``, in order; ``"".join`` of them is ``title``."""
    return list(_tokenizer().cut(title or "", HMM=True))
