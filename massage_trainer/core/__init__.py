"""The Qt-free domain: body frame, zones, techniques, grading. Nothing here imports Qt."""
