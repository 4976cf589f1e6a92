"""Dialogs: modal screens that a screen pushes to ask for something and that dismiss with the answer.

They live apart from tui/screens/ so that the screens never import one another: a screen may push
any dialog, a dialog imports no screen, and one screen reaches another only through CoprodApp's
open_* methods (tests/test_layering.py holds both rules).
"""
