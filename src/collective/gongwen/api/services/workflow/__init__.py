"""``POST @workflow/<transition>`` on a 发文: plone.restapi's service, with refusals in Chinese."""
