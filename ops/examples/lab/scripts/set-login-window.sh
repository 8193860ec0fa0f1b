#!/bin/bash
# Shows the lab's name on the login window; {name} is the inventory name of this Mac.
defaults write /Library/Preferences/com.apple.loginwindow LoginwindowText "Art school lab - {name}"
