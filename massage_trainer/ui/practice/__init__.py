"""The Practice screen: screening, timed drills traced on the diagram, the report and the replay."""
