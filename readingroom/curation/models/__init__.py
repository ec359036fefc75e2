"""The back office's own records. Each module is owned by one part of the back office;
this package re-exports them."""
