"""The pages of the sessions app: thin views over the services and selectors."""
