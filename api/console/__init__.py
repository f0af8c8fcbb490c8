"""The DPO console: the three questions answered on server-rendered web pages under /console.

Mount it with :func:`install_console` on the app :func:`api.http.app.create_app` builds.
"""

from api.console.app import install_console

__all__ = ["install_console"]
