# Password rules of the residents' portal (OCA password_security). Its own
# installation turns on a 60-day expiry, a 24-hour wait between changes and a
# 30-password history for every user; that locks pensioners out of the portal and
# blocks a resident who asks for a new invitation. A housing community gets
# conservative rules instead, changed in Settings > Permissions > Password Policy.
CONSERVATIVE_RULES = {
    "password_security.expiration_days": 0,
    "password_security.minimum_hours": 0,
    "password_security.history": 5,
}
# length and character classes, in a database without demo data only: the demo
# logins of hoa-suite (and of modules installed after this one) keep short passwords
COMPLEXITY_RULES = {
    "auth_password_policy.minlength": 10,
    "password_security.lower": 1,
    "password_security.upper": 1,
    "password_security.numeric": 1,
    "password_security.special": 0,
}


def post_init_hook(env):
    params = env["ir.config_parameter"].sudo()
    rules = dict(CONSERVATIVE_RULES)
    if not env["ir.module.module"].search([("name", "=", "hoa_portal")]).demo:
        rules.update(COMPLEXITY_RULES)
    for key, value in rules.items():
        params.set_param(key, value)
