"""The requests the proof asks, as data: the attacks the guards must stop (``attacks``,
``studio``, ``identity``, ``budget``) and the benign requests they must leave alone (``benign``).
"""
