//! Subscriptions (placeholder while the service is assembled).
