"""The HTTP API: authentication and roles, problem documents, middleware, and the routes."""
