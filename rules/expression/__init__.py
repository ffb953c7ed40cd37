"""Lexicons and detectors of the text.expression rule (严重表述错误); data files beside it."""
