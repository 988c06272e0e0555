"""Exchange between units (SPEC §6): what sending a 发文 hands to each recipient.

``deliveries`` records one delivery per 主送/抄送 recipient when a 发文 is
sent (R-O10), with its trail; 待签收, receipts, recall and exchange packages
(R-X1–R-X3) build on these records.
"""
