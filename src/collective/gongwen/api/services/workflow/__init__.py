"""``POST @workflow/<transition>`` on a 发文 or 收文: plone.restapi's, refusing in Chinese."""
