"""Analysts' annotation sessions: items to label, the order they come in, agreement between
analysts, and feeding their labels back into evaluation and the alignment threshold."""
