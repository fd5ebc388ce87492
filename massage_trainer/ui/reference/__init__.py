"""The Reference screen: the rules, indications and contraindications."""
