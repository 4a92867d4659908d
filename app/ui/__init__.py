"""The PySide6 desktop interface of Aula: the only package that imports Qt.

Modules:
    main: :func:`run_gui`, the entry point called by ``aula`` and ``python -m app``.
    bootstrap: the QApplication, translations, locale, logging and crash handler.
    tasks: the one background task runner (QThreadPool + signals).
    views, dialogs, models: screens, dialogs and table-model adapters fed plain rows.
"""
