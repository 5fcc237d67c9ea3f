"""The hypervisor component: the host's per-page state table and host discard.

papr.py: pseries H_PAGE_INIT states (active/unused), CMO reclaim, LPM skip.
essa.py: s390 ESSA states (stable/unused/volatile/pot-volatile), discard,
discard faults.
"""
