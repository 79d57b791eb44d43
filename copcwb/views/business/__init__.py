"""The money and owners sections every report shares: the business case, its
assumptions, and the action plan."""
