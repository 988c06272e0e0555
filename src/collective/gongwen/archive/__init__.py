"""归档 and what follows it (SPEC §11, DA/T 22-2015, DA/T 70-2018): 归档章 data and 档号,
四性检测, retention and appraisal, destruction with its register, and transfer packages.

``rules`` is plain Python; ``record`` keeps a document's 归档章 data on it; ``events`` are
the named events (archived, destroyed, legal hold).
"""
