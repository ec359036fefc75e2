"""The archive: documents, their renditions, people, places, topics and collections."""
