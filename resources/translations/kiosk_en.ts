<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ActivationScreen</name>
    <message>
        <source>Scan this code with the D.DOPA application</source>
        <translation>Scan this code with the D.DOPA application</translation>
    </message>
    <message>
        <source>The code can be used until %1.</source>
        <translation>The code can be used until %1.</translation>
    </message>
    <message>
        <source>Ask the citizen to open D.DOPA on their phone, allow the camera, and scan this code.</source>
        <translation>Ask the citizen to open D.DOPA on their phone, allow the camera, and scan this code.</translation>
    </message>
    <message>
        <source>The code works once. If it runs out, make a new one.</source>
        <translation>The code works once. If it runs out, make a new one.</translation>
    </message>
    <message>
        <source>The citizen has scanned it</source>
        <translation>The citizen has scanned it</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>New code</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Touch the screen to start</source>
        <translation>Touch the screen to start</translation>
    </message>
    <message>
        <source>or insert your ID card into the reader</source>
        <translation>or insert your ID card into the reader</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>BusyScreen</name>
    <message>
        <source>Printing your ticket…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <source>no camera found</source>
        <translation>no camera found</translation>
    </message>
    <message>
        <source>it stopped sending pictures</source>
        <translation>it stopped sending pictures</translation>
    </message>
    <message>
        <source>it sent no picture in time</source>
        <translation>it sent no picture in time</translation>
    </message>
    <message>
        <source>it failed</source>
        <translation>it failed</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Picture size</source>
        <translation>Picture size</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 pixels</translation>
    </message>
    <message>
        <source>Not working (%1)</source>
        <translation>Not working (%1)</translation>
    </message>
    <message>
        <source>Last test photo: a card was found and photographed; its edges are %1 px wide (the smaller, the sharper; above %2 px a photo is refused as blurred).</source>
        <translation>Last test photo: a card was found and photographed; its edges are %1 px wide (the smaller, the sharper; above %2 px a photo is refused as blurred).</translation>
    </message>
    <message>
        <source>Last test photo: no photo was taken.</source>
        <translation>Last test photo: no photo was taken.</translation>
    </message>
    <message>
        <source>Take a test photo</source>
        <translation>Take a test photo</translation>
    </message>
</context>
<context>
    <name>CameraProblemScreen</name>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
</context>
<context>
    <name>CardReadingNotice</name>
    <message>
        <source>Reading your card…</source>
        <translation>Reading your card…</translation>
    </message>
    <message>
        <source>Please leave the card in the reader.</source>
        <translation>Please leave the card in the reader.</translation>
    </message>
    <message>
        <source>The card was taken out too early. Please insert it again and leave it in.</source>
        <translation>The card was taken out too early. Please insert it again and leave it in.</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your national ID card.</source>
        <translation>This card cannot be read here. Please use your national ID card.</translation>
    </message>
    <message>
        <source>No card was found in the reader. Please insert your ID card.</source>
        <translation>No card was found in the reader. Please insert your ID card.</translation>
    </message>
    <message>
        <source>Your card could not be read</source>
        <translation>Your card could not be read</translation>
    </message>
    <message>
        <source>Please take the card out and insert it again, or type your ID number.</source>
        <translation>Please take the card out and insert it again, or type your ID number.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>CheckPhotoScreen</name>
    <message>
        <source>Compare the photo with the person</source>
        <translation>Compare the photo with the person</translation>
    </message>
    <message>
        <source>No photo on the card</source>
        <translation>No photo on the card</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>ID number: %1</translation>
    </message>
    <message>
        <source>Is the person at the counter the person in this photo?</source>
        <translation>Is the person at the counter the person in this photo?</translation>
    </message>
    <message>
        <source>Yes, the same person</source>
        <translation>Yes, the same person</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ChipId</name>
    <message>
        <source>The card did not accept the document number, date of birth or expiry date. Please check them and try again.</source>
        <translation>The card did not accept the document number, date of birth or expiry date. Please check them and try again.</translation>
    </message>
    <message>
        <source>The card details you entered are not correct. Please check them.</source>
        <translation>The card details you entered are not correct. Please check them.</translation>
    </message>
    <message>
        <source>The card's answer could not be checked. Please lift the card and place it on the reader again.</source>
        <translation>The card's answer could not be checked. Please lift the card and place it on the reader again.</translation>
    </message>
    <message>
        <source>The data on the card could not be read. Please lift the card and place it on the reader again.</source>
        <translation>The data on the card could not be read. Please lift the card and place it on the reader again.</translation>
    </message>
    <message>
        <source>The card was moved away too early. Please place it on the reader again and keep it still.</source>
        <translation>The card was moved away too early. Please place it on the reader again and keep it still.</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your chip citizen ID card.</source>
        <translation>This card cannot be read here. Please use your chip citizen ID card.</translation>
    </message>
    <message>
        <source>No card was found. Please place your citizen ID card on the reader.</source>
        <translation>No card was found. Please place your citizen ID card on the reader.</translation>
    </message>
    <message>
        <source>Your card could not be read. Please try again, or ask a staff member for help.</source>
        <translation>Your card could not be read. Please try again, or ask a staff member for help.</translation>
    </message>
    <message>
        <source>Please check the card number.</source>
        <translation>Please check the card number.</translation>
    </message>
    <message>
        <source>Please check the date of birth.</source>
        <translation>Please check the date of birth.</translation>
    </message>
    <message>
        <source>Please check the expiry date.</source>
        <translation>Please check the expiry date.</translation>
    </message>
    <message>
        <source>Please check the 6-digit card access number on the front of the card.</source>
        <translation>Please check the 6-digit card access number on the front of the card.</translation>
    </message>
    <message>
        <source>The chip data is genuine.</source>
        <translation>The chip data is genuine.</translation>
    </message>
    <message>
        <source>Warning: the chip data could not be confirmed as genuine.</source>
        <translation>Warning: the chip data could not be confirmed as genuine.</translation>
    </message>
    <message>
        <source>The chip data was read but not checked for authenticity.</source>
        <translation>The chip data was read but not checked for authenticity.</translation>
    </message>
</context>
<context>
    <name>ChipReadingScreen</name>
    <message>
        <source>Reading your card…</source>
        <translation>Reading your card…</translation>
    </message>
    <message>
        <source>Please keep the card still on the reader.</source>
        <translation>Please keep the card still on the reader.</translation>
    </message>
    <message>
        <source>Place your card on the reader</source>
        <translation>Place your card on the reader</translation>
    </message>
    <message>
        <source>Keep it there until the kiosk has finished reading it.</source>
        <translation>Keep it there until the kiosk has finished reading it.</translation>
    </message>
    <message>
        <source>The card was taken away too early. Please place it again and keep it still.</source>
        <translation>The card was taken away too early. Please place it again and keep it still.</translation>
    </message>
    <message>
        <source>Your card could not be read. Place it on the reader again, or go back and type your ID number.</source>
        <translation>Your card could not be read. Place it on the reader again, or go back and type your ID number.</translation>
    </message>
</context>
<context>
    <name>ConnectivityIndicator</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Working offline — nothing is lost</source>
        <translation>Working offline — nothing is lost</translation>
    </message>
</context>
<context>
    <name>CounterScreen</name>
    <message>
        <source>Officer: %1</source>
        <translation>Officer: %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Step %1 of %2</translation>
    </message>
</context>
<context>
    <name>DevicePage</name>
    <message>
        <source>Check again</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  Back</translation>
    </message>
</context>
<context>
    <name>FingerprintCaptureScreen</name>
    <message>
        <source>right index finger</source>
        <translation>right index finger</translation>
    </message>
    <message>
        <source>left index finger</source>
        <translation>left index finger</translation>
    </message>
    <message>
        <source>Lift your finger</source>
        <translation>Lift your finger</translation>
    </message>
    <message>
        <source>Place the same finger again</source>
        <translation>Place the same finger again</translation>
    </message>
    <message>
        <source>Place your finger again, flatter</source>
        <translation>Place your finger again, flatter</translation>
    </message>
    <message>
        <source>Place your %1 on the scanner again</source>
        <translation>Place your %1 on the scanner again</translation>
    </message>
    <message>
        <source>Place your %1 on the scanner</source>
        <translation>Place your %1 on the scanner</translation>
    </message>
    <message>
        <source>No finger was felt. Press your finger on the glass and keep it still.</source>
        <translation>No finger was felt. Press your finger on the glass and keep it still.</translation>
    </message>
    <message>
        <source>The print was smudged. Wipe your finger dry and clean, then press gently.</source>
        <translation>The print was smudged. Wipe your finger dry and clean, then press gently.</translation>
    </message>
    <message>
        <source>Too little of the finger touched the glass. Lay it flat, covering the whole glass.</source>
        <translation>Too little of the finger touched the glass. Lay it flat, covering the whole glass.</translation>
    </message>
    <message>
        <source>The scanner could not see the finger. Please place it again.</source>
        <translation>The scanner could not see the finger. Please place it again.</translation>
    </message>
    <message>
        <source>The two scans did not match. Use the same finger both times and keep it still.</source>
        <translation>The two scans did not match. Use the same finger both times and keep it still.</translation>
    </message>
    <message>
        <source>The fingerprint scanner is not working. Please call the officer.</source>
        <translation>The fingerprint scanner is not working. Please call the officer.</translation>
    </message>
    <message>
        <source>Quality: good</source>
        <translation>Quality: good</translation>
    </message>
    <message>
        <source>Quality: fair</source>
        <translation>Quality: fair</translation>
    </message>
    <message>
        <source>Quality: low</source>
        <translation>Quality: low</translation>
    </message>
    <message>
        <source>Fingerprint scanner test</source>
        <translation>Fingerprint scanner test</translation>
    </message>
    <message>
        <source>Fingerprint of the index finger</source>
        <translation>Fingerprint of the index finger</translation>
    </message>
    <message>
        <source>Scan %1 of %2</source>
        <translation>Scan %1 of %2</translation>
    </message>
    <message>
        <source>%1 of %2 scans done</source>
        <translation>%1 of %2 scans done</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Let us try again</source>
        <translation>Let us try again</translation>
    </message>
    <message>
        <source>Tries left with this finger: %1</source>
        <translation>Tries left with this finger: %1</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>The %1 could not be scanned</source>
        <translation>The %1 could not be scanned</translation>
    </message>
    <message>
        <source>Use the %1</source>
        <translation>Use the %1</translation>
    </message>
    <message>
        <source>Stop the test</source>
        <translation>Stop the test</translation>
    </message>
    <message>
        <source>Hand over to the officer</source>
        <translation>Hand over to the officer</translation>
    </message>
    <message>
        <source>Fingerprint recorded</source>
        <translation>Fingerprint recorded</translation>
    </message>
    <message>
        <source>Test capture done</source>
        <translation>Test capture done</translation>
    </message>
    <message>
        <source>The two scans match (score %1). %2</source>
        <translation>The two scans match (score %1). %2</translation>
    </message>
    <message>
        <source>Templates stored on the module: %1</source>
        <translation>Templates stored on the module: %1</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Test again</source>
        <translation>Test again</translation>
    </message>
</context>
<context>
    <name>FingerprintFailedScreen</name>
    <message>
        <source>The fingerprint could not be recorded</source>
        <translation>The fingerprint could not be recorded</translation>
    </message>
    <message>
        <source>Neither index finger gave a good scan. Clean the scanner glass and try again, or end this enrollment and ask the citizen to come back.</source>
        <translation>Neither index finger gave a good scan. Clean the scanner glass and try again, or end this enrollment and ask the citizen to come back.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>End the enrollment</source>
        <translation>End the enrollment</translation>
    </message>
</context>
<context>
    <name>FingerprintPage</name>
    <message>
        <source>Fingerprint scanner</source>
        <translation>Fingerprint scanner</translation>
    </message>
    <message>
        <source>Connected at</source>
        <translation>Connected at</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>not configured</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Templates stored</source>
        <translation>Templates stored</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>Security level</source>
        <translation>Security level</translation>
    </message>
    <message>
        <source>%1 (1 lenient – 5 strict)</source>
        <translation>%1 (1 lenient – 5 strict)</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>%1 baud</source>
        <translation>%1 baud</translation>
    </message>
    <message>
        <source>Not answering (%1)</source>
        <translation>Not answering (%1)</translation>
    </message>
    <message>
        <source>Last test capture: the two scans match, score %1; templates on the module: %2.</source>
        <translation>Last test capture: the two scans match, score %1; templates on the module: %2.</translation>
    </message>
    <message>
        <source>Last test capture failed (%1).</source>
        <translation>Last test capture failed (%1).</translation>
    </message>
    <message>
        <source>Test capture</source>
        <translation>Test capture</translation>
    </message>
</context>
<context>
    <name>FinishedScreen</name>
    <message>
        <source>Enrollment complete</source>
        <translation>Enrollment complete</translation>
    </message>
    <message>
        <source>The enrollment is saved. The digital ID card appears in the citizen's D.DOPA application. Give the ID card back to the citizen.</source>
        <translation>The enrollment is saved. The digital ID card appears in the citizen's D.DOPA application. Give the ID card back to the citizen.</translation>
    </message>
    <message>
        <source>Digital ID card</source>
        <translation>Digital ID card</translation>
    </message>
    <message>
        <source>Next citizen</source>
        <translation>Next citizen</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>◀  Back</source>
        <translation>◀  Back</translation>
    </message>
    <message>
        <source>End  ✕</source>
        <translation>End  ✕</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <source>Please take your printed slip.</source>
        <translation>Please take your printed slip.</translation>
    </message>
    <message>
        <source>Do not forget your ID card.</source>
        <translation>Do not forget your ID card.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>IdNumberScreen</name>
    <message>
        <source>Please type the ID number.</source>
        <translation>Please type the ID number.</translation>
    </message>
    <message>
        <source>An ID number has only digits.</source>
        <translation>An ID number has only digits.</translation>
    </message>
    <message>
        <source>The ID number has 13 digits.</source>
        <translation>The ID number has 13 digits.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the last digit does not fit. Check each digit.</source>
        <translation>This is not a valid ID number: the last digit does not fit. Check each digit.</translation>
    </message>
    <message>
        <source>This is not a valid ID number.</source>
        <translation>This is not a valid ID number.</translation>
    </message>
    <message>
        <source>The citizen's 13-digit ID number</source>
        <translation>The citizen's 13-digit ID number</translation>
    </message>
    <message>
        <source>Type the number the citizen tells you, or confirm the number on the card.</source>
        <translation>Type the number the citizen tells you, or confirm the number on the card.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Use the number on the card (%1)</source>
        <translation>Use the number on the card (%1)</translation>
    </message>
    <message>
        <source>This number is not the number on the card. Check it with the citizen.</source>
        <translation>This number is not the number on the card. Check it with the citizen.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Please type your ID number.</source>
        <translation>Please type your ID number.</translation>
    </message>
    <message>
        <source>An ID number has only digits. Please check and type again.</source>
        <translation>An ID number has only digits. Please check and type again.</translation>
    </message>
    <message>
        <source>An ID number has %1 digits. Please check and type again.</source>
        <translation>An ID number has %1 digits. Please check and type again.</translation>
    </message>
    <message>
        <source>This is not a valid ID number. Please check each digit.</source>
        <translation>This is not a valid ID number. Please check each digit.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the first three digits are wrong.</source>
        <translation>This is not a valid ID number: the first three digits are wrong.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: digits 4 to 6 are wrong.</source>
        <translation>This is not a valid ID number: digits 4 to 6 are wrong.</translation>
    </message>
    <message>
        <source>Place your CCCD on the reader, or type your ID number (%1 digits):</source>
        <translation>Place your CCCD on the reader, or type your ID number (%1 digits):</translation>
    </message>
    <message>
        <source>Insert your ID card into the reader, or type your ID number (%1 digits):</source>
        <translation>Insert your ID card into the reader, or type your ID number (%1 digits):</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>I have a chip ID card: read it</source>
        <translation>I have a chip ID card: read it</translation>
    </message>
    <message>
        <source>This card could not be verified, so it cannot be used here. Please ask an officer at the counter for help.</source>
        <translation>This card could not be verified, so it cannot be used here. Please ask an officer at the counter for help.</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your national ID card.</source>
        <translation>This card cannot be read here. Please use your national ID card.</translation>
    </message>
</context>
<context>
    <name>InsertCardScreen</name>
    <message>
        <source>Insert the citizen's ID card</source>
        <translation>Insert the citizen's ID card</translation>
    </message>
    <message>
        <source>Ask the citizen for their latest national ID card and insert it into the reader. Its data is read from the chip.</source>
        <translation>Ask the citizen for their latest national ID card and insert it into the reader. Its data is read from the chip.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Bigger text</source>
        <translation>Bigger text</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <source>Choose your language</source>
        <translation>Choose your language</translation>
    </message>
</context>
<context>
    <name>LockedScreen</name>
    <message>
        <source>Technician mode is locked</source>
        <translation>Technician mode is locked</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again after %1.</source>
        <translation>Too many wrong PINs. Try again after %1.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>Take a queue number for a counter</source>
        <translation>Take a queue number for a counter</translation>
    </message>
    <message>
        <source>See the data on my ID card</source>
        <translation>See the data on my ID card</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>Hello</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>ID number: %1</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>What would you like to do?</translation>
    </message>
</context>
<context>
    <name>MrzEntryScreen</name>
    <message>
        <source>12 digits, on the front of the card</source>
        <translation>12 digits, on the front of the card</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>✓  Back of the card: %1</source>
        <translation>✓  Back of the card: %1</translation>
    </message>
    <message>
        <source>Please fill this in.</source>
        <translation>Please fill this in.</translation>
    </message>
    <message>
        <source>Please type the whole date: dd/mm/yyyy.</source>
        <translation>Please type the whole date: dd/mm/yyyy.</translation>
    </message>
    <message>
        <source>Only digits, please.</source>
        <translation>Only digits, please.</translation>
    </message>
    <message>
        <source>Type the 12 digits of your ID number.</source>
        <translation>Type the 12 digits of your ID number.</translation>
    </message>
    <message>
        <source>The last digit does not match. Please check the number.</source>
        <translation>The last digit does not match. Please check the number.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the first three digits are wrong.</source>
        <translation>This is not a valid ID number: the first three digits are wrong.</translation>
    </message>
    <message>
        <source>This date does not exist. Please check it.</source>
        <translation>This date does not exist. Please check it.</translation>
    </message>
    <message>
        <source>This date is in the future. Please check it.</source>
        <translation>This date is in the future. Please check it.</translation>
    </message>
    <message>
        <source>The expiry must come after the date of birth.</source>
        <translation>The expiry must come after the date of birth.</translation>
    </message>
    <message>
        <source>This ID number does not match the year of birth. Please check both.</source>
        <translation>This ID number does not match the year of birth. Please check both.</translation>
    </message>
    <message>
        <source>The card did not accept the document number, date of birth or expiry. Please check them.</source>
        <translation>The card did not accept the document number, date of birth or expiry. Please check them.</translation>
    </message>
    <message>
        <source>The back of the card could not be read. Please type the numbers.</source>
        <translation>The back of the card could not be read. Please type the numbers.</translation>
    </message>
    <message>
        <source>Your card is on the reader. Type what is printed on it:</source>
        <translation>Your card is on the reader. Type what is printed on it:</translation>
    </message>
    <message>
        <source>Type what is printed on your card, then place it on the reader:</source>
        <translation>Type what is printed on your card, then place it on the reader:</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>Date of expiry</translation>
    </message>
    <message>
        <source>Read my card</source>
        <translation>Read my card</translation>
    </message>
    <message>
        <source>Scan with camera</source>
        <translation>Scan with camera</translation>
    </message>
</context>
<context>
    <name>OwnDataScreen</name>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Please insert your ID card</source>
        <translation>Please insert your ID card</translation>
    </message>
    <message>
        <source>Your data is read from the card's chip. Insert the card into the reader.</source>
        <translation>Your data is read from the card's chip. Insert the card into the reader.</translation>
    </message>
    <message>
        <source>The data on your ID card</source>
        <translation>The data on your ID card</translation>
    </message>
    <message>
        <source>Only you can see this. It disappears when you take out your card.</source>
        <translation>Only you can see this. It disappears when you take out your card.</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>Name in English</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>Religion</source>
        <translation>Religion</translation>
    </message>
    <message>
        <source>Place of origin</source>
        <translation>Place of origin</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Place of residence</source>
        <translation>Place of residence</translation>
    </message>
    <message>
        <source>Identifying marks</source>
        <translation>Identifying marks</translation>
    </message>
    <message>
        <source>Date of issue</source>
        <translation>Date of issue</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>Date of expiry</translation>
    </message>
    <message>
        <source>Father</source>
        <translation>Father</translation>
    </message>
    <message>
        <source>Mother</source>
        <translation>Mother</translation>
    </message>
    <message>
        <source>Former ID number</source>
        <translation>Former ID number</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Lifetime</translation>
    </message>
    <message>
        <source>No expiry date</source>
        <translation>No expiry date</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>✓  The chip was checked: this data is genuine.</source>
        <translation>✓  The chip was checked: this data is genuine.</translation>
    </message>
    <message>
        <source>This kiosk could not check the chip's certificate. If something looks wrong, ask an officer.</source>
        <translation>This kiosk could not check the chip's certificate. If something looks wrong, ask an officer.</translation>
    </message>
    <message>
        <source>This card could not be verified. Please ask an officer for help.</source>
        <translation>This card could not be verified. Please ask an officer for help.</translation>
    </message>
</context>
<context>
    <name>PasscodeScreen</name>
    <message>
        <source>Please type a passcode.</source>
        <translation>Please type a passcode.</translation>
    </message>
    <message>
        <source>Use digits only.</source>
        <translation>Use digits only.</translation>
    </message>
    <message>
        <source>The passcode has %1 digits.</source>
        <translation>The passcode has %1 digits.</translation>
    </message>
    <message>
        <source>Digits in a row like 1234 or 4321 are too easy to guess. Choose another.</source>
        <translation>Digits in a row like 1234 or 4321 are too easy to guess. Choose another.</translation>
    </message>
    <message>
        <source>One digit is used too often, like 1111. Choose another.</source>
        <translation>One digit is used too often, like 1111. Choose another.</translation>
    </message>
    <message>
        <source>The two passcodes are not the same. Please set it again.</source>
        <translation>The two passcodes are not the same. Please set it again.</translation>
    </message>
    <message>
        <source>That is not the passcode you set. Please try again.</source>
        <translation>That is not the passcode you set. Please try again.</translation>
    </message>
    <message>
        <source>The citizen sets a %1-digit passcode</source>
        <translation>The citizen sets a %1-digit passcode</translation>
    </message>
    <message>
        <source>Not more than %1 digits in a row (like 1234 or 4321), no digit more than %2 times (like 1111). The passcode is not shown.</source>
        <translation>Not more than %1 digits in a row (like 1234 or 4321), no digit more than %2 times (like 1111). The passcode is not shown.</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  Back</translation>
    </message>
    <message>
        <source>Type the same passcode again</source>
        <translation>Type the same passcode again</translation>
    </message>
    <message>
        <source>Both passcodes must be the same.</source>
        <translation>Both passcodes must be the same.</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>I agree that the Department of Provincial Administration registers my digital ID with my ID card data and fingerprint, under the terms of the D.DOPA service.</source>
        <translation>I agree that the Department of Provincial Administration registers my digital ID with my ID card data and fingerprint, under the terms of the D.DOPA service.</translation>
    </message>
    <message>
        <source>To agree, type your passcode once more.</source>
        <translation>To agree, type your passcode once more.</translation>
    </message>
    <message>
        <source>I do not agree</source>
        <translation>I do not agree</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PhotoCapture</name>
    <message>
        <source>Photo of the front of your ID card</source>
        <translation>Photo of the front of your ID card</translation>
    </message>
    <message>
        <source>Photo of the back of your ID card</source>
        <translation>Photo of the back of your ID card</translation>
    </message>
    <message>
        <source>Photo of your face</source>
        <translation>Photo of your face</translation>
    </message>
    <message>
        <source>Photo of your document</source>
        <translation>Photo of your document</translation>
    </message>
    <message>
        <source>Hold the front of your card flat under the camera.</source>
        <translation>Hold the front of your card flat under the camera.</translation>
    </message>
    <message>
        <source>Turn the card over and hold the back under the camera.</source>
        <translation>Turn the card over and hold the back under the camera.</translation>
    </message>
    <message>
        <source>Look straight at the camera. Take off glasses and hat.</source>
        <translation>Look straight at the camera. Take off glasses and hat.</translation>
    </message>
    <message>
        <source>Hold the page flat under the camera.</source>
        <translation>Hold the page flat under the camera.</translation>
    </message>
    <message>
        <source>Good. Hold still…</source>
        <translation>Good. Hold still…</translation>
    </message>
    <message>
        <source>Hold your card in front of the camera</source>
        <translation>Hold your card in front of the camera</translation>
    </message>
    <message>
        <source>Show the whole card: move it to the middle</source>
        <translation>Show the whole card: move it to the middle</translation>
    </message>
    <message>
        <source>Move closer to the camera</source>
        <translation>Move closer to the camera</translation>
    </message>
    <message>
        <source>Move a little further away</source>
        <translation>Move a little further away</translation>
    </message>
    <message>
        <source>It is too dark: move into the light</source>
        <translation>It is too dark: move into the light</translation>
    </message>
    <message>
        <source>Tilt it a little to avoid reflections</source>
        <translation>Tilt it a little to avoid reflections</translation>
    </message>
    <message>
        <source>Hold still</source>
        <translation>Hold still</translation>
    </message>
    <message>
        <source>The picture is blurred: hold still</source>
        <translation>The picture is blurred: hold still</translation>
    </message>
    <message>
        <source>Look at the camera</source>
        <translation>Look at the camera</translation>
    </message>
    <message>
        <source>Move so that your face is in the middle</source>
        <translation>Move so that your face is in the middle</translation>
    </message>
    <message>
        <source>Only one person, please</source>
        <translation>Only one person, please</translation>
    </message>
    <message>
        <source>The camera is not working.</source>
        <translation>The camera is not working.</translation>
    </message>
    <message>
        <source>The camera stopped working.</source>
        <translation>The camera stopped working.</translation>
    </message>
    <message>
        <source>The camera is not sending pictures.</source>
        <translation>The camera is not sending pictures.</translation>
    </message>
    <message>
        <source>Please try again. If it happens again, please ask at the counter.</source>
        <translation>Please try again. If it happens again, please ask at the counter.</translation>
    </message>
</context>
<context>
    <name>PhotoReviewScreen</name>
    <message>
        <source>Is this photo good?</source>
        <translation>Is this photo good?</translation>
    </message>
    <message>
        <source>Your whole face should be sharp and well lit.</source>
        <translation>Your whole face should be sharp and well lit.</translation>
    </message>
    <message>
        <source>All the writing should be sharp and easy to read, with no reflections.</source>
        <translation>All the writing should be sharp and easy to read, with no reflections.</translation>
    </message>
    <message>
        <source>Take it again</source>
        <translation>Take it again</translation>
    </message>
    <message>
        <source>Use this photo</source>
        <translation>Use this photo</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Enter the technician PIN</source>
        <translation>Enter the technician PIN</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  Back</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left: %1</source>
        <translation>Wrong PIN. Tries left: %1</translation>
    </message>
    <message>
        <source>No technician PIN is set up on this kiosk (technician.pin_hash).</source>
        <translation>No technician PIN is set up on this kiosk (technician.pin_hash).</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>printing</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>printed</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <source>Slips go to</source>
        <translation>Slips go to</translation>
    </message>
    <message>
        <source>Print queue</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>empty</translation>
    </message>
    <message>
        <source>The test page was printed.</source>
        <translation>The test page was printed.</translation>
    </message>
    <message>
        <source>The test page was not printed (%1).</source>
        <translation>The test page was not printed (%1).</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>Print a test page</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <source>Sorry, no number could be issued.</source>
        <translation>Sorry, no number could be issued.</translation>
    </message>
    <message>
        <source>This machine has no more numbers for this service today. Please ask at the counter.</source>
        <translation>This machine has no more numbers for this service today. Please ask at the counter.</translation>
    </message>
    <message>
        <source>Please try again. If it happens again, please ask at the counter.</source>
        <translation>Please try again. If it happens again, please ask at the counter.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
</context>
<context>
    <name>QueueCategoryScreen</name>
    <message>
        <source>Which service do you need?</source>
        <translation>Which service do you need?</translation>
    </message>
    <message>
        <source>Touch one. You will get a printed number for the counter.</source>
        <translation>Touch one. You will get a printed number for the counter.</translation>
    </message>
</context>
<context>
    <name>ReadersPage</name>
    <message>
        <source>Card readers</source>
        <translation>Card readers</translation>
    </message>
    <message>
        <source>This kiosk uses</source>
        <translation>This kiosk uses</translation>
    </message>
    <message>
        <source>PC/SC reader %1</source>
        <translation>PC/SC reader %1</translation>
    </message>
    <message>
        <source>PC/SC readers</source>
        <translation>PC/SC readers</translation>
    </message>
    <message>
        <source>none found (is pcscd running? is a reader plugged in?)</source>
        <translation>none found (is pcscd running? is a reader plugged in?)</translation>
    </message>
</context>
<context>
    <name>SaveFailedScreen</name>
    <message>
        <source>The enrollment could not be saved</source>
        <translation>The enrollment could not be saved</translation>
    </message>
    <message>
        <source>Nothing was recorded. Try again; if it fails again, call a technician.</source>
        <translation>Nothing was recorded. Try again; if it fails again, call a technician.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>End the enrollment</source>
        <translation>End the enrollment</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Office</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Idle timeout / warning (s)</source>
        <translation>Idle timeout / warning (s)</translation>
    </message>
    <message>
        <source>Simulated devices</source>
        <translation>Simulated devices</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>Fingerprint scanner</source>
        <translation>Fingerprint scanner</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Software version</source>
        <translation>Software version</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Settings file</source>
        <translation>Settings file</translation>
    </message>
    <message>
        <source>To change a setting, edit the settings file and restart the kiosk.</source>
        <translation>To change a setting, edit the settings file and restart the kiosk.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Officer sign-in</source>
        <translation>Officer sign-in</translation>
    </message>
    <message>
        <source>Assisted enrollment for the digital ID. Sign in with your officer account.</source>
        <translation>Assisted enrollment for the digital ID. Sign in with your officer account.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Too many wrong tries. Sign-in is locked until %1.</source>
        <translation>Too many wrong tries. Sign-in is locked until %1.</translation>
    </message>
    <message>
        <source>The username or password is wrong.</source>
        <translation>The username or password is wrong.</translation>
    </message>
    <message>
        <source>Tries left: %1</source>
        <translation>Tries left: %1</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>QUEUE TICKET</source>
        <translation>QUEUE TICKET</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>People ahead of you: %1</translation>
    </message>
    <message>
        <source>Estimated wait: about %1 minutes</source>
        <translation>Estimated wait: about %1 minutes</translation>
    </message>
    <message>
        <source>Issued: %1</source>
        <translation>Issued: %1</translation>
    </message>
    <message>
        <source>Please wait until your number is called.</source>
        <translation>Please wait until your number is called.</translation>
    </message>
    <message>
        <source>DOSSIER RECEIPT AND RESULT APPOINTMENT</source>
        <translation>DOSSIER RECEIPT AND RESULT APPOINTMENT</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Processing unit</source>
        <translation>Processing unit</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Results due on</source>
        <translation>Results due on</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Bring this receipt when you collect the results. Scan the QR code to look up your dossier.</source>
        <translation>Bring this receipt when you collect the results. Scan the QR code to look up your dossier.</translation>
    </message>
    <message>
        <source>RECEIPT FOR FEES AND CHARGES</source>
        <translation>RECEIPT FOR FEES AND CHARGES</translation>
    </message>
    <message>
        <source>Collected by</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Transaction fee</source>
        <translation>Transaction fee</translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation>Total paid</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <source>Transaction reference</source>
        <translation>Transaction reference</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>Paid at</translation>
    </message>
    <message>
        <source>Payment successful. Keep this receipt as proof of payment.</source>
        <translation>Payment successful. Keep this receipt as proof of payment.</translation>
    </message>
    <message>
        <source>APPOINTMENT SLIP</source>
        <translation>APPOINTMENT SLIP</translation>
    </message>
    <message>
        <source>Booking reference</source>
        <translation>Booking reference</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Check in at the kiosk on the day to get a priority queue number.</source>
        <translation>Check in at the kiosk on the day to get a priority queue number.</translation>
    </message>
    <message>
        <source>REGISTRATION CONFIRMATION</source>
        <translation>REGISTRATION CONFIRMATION</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Public service portal account</source>
        <translation>Public service portal account</translation>
    </message>
    <message>
        <source>Digital ID (D.DOPA)</source>
        <translation>Digital ID (D.DOPA)</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Registered at</source>
        <translation>Registered at</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Sign in to the public service portal or at this kiosk with your ID number and your password.</source>
        <translation>Sign in to the public service portal or at this kiosk with your ID number and your password.</translation>
    </message>
    <message>
        <source>Open the D.DOPA app on your phone and sign in with the passcode you set.</source>
        <translation>Open the D.DOPA app on your phone and sign in with the passcode you set.</translation>
    </message>
    <message>
        <source>Never tell anyone your password, passcode or OTP.</source>
        <translation>Never tell anyone your password, passcode or OTP.</translation>
    </message>
</context>
<context>
    <name>StaffBusyScreen</name>
    <message>
        <source>Checking the sign-in…</source>
        <translation>Checking the sign-in…</translation>
    </message>
    <message>
        <source>Checking the PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <source>Saving the enrollment…</source>
        <translation>Saving the enrollment…</translation>
    </message>
    <message>
        <source>Asking the device…</source>
        <translation>Asking the device…</translation>
    </message>
    <message>
        <source>Printing the test page…</source>
        <translation>Printing the test page…</translation>
    </message>
    <message>
        <source>Taking the test photo…</source>
        <translation>Taking the test photo…</translation>
    </message>
    <message>
        <source>Sending to the server…</source>
        <translation>Sending to the server…</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>No connection (working offline)</source>
        <translation>No connection (working offline)</translation>
    </message>
    <message>
        <source>Not tried yet</source>
        <translation>Not tried yet</translation>
    </message>
    <message>
        <source>Not enrolled with a server</source>
        <translation>Not enrolled with a server</translation>
    </message>
    <message>
        <source>The server no longer accepts this kiosk: enroll it again</source>
        <translation>The server no longer accepts this kiosk: enroll it again</translation>
    </message>
    <message>
        <source>The server needs a newer kiosk version</source>
        <translation>The server needs a newer kiosk version</translation>
    </message>
    <message>
        <source>Sync is turned off on this kiosk</source>
        <translation>Sync is turned off on this kiosk</translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation>Connection to the server</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>not enrolled (kiosk sync enroll)</source>
        <translation>not enrolled (kiosk sync enroll)</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation>Last synced</translation>
    </message>
    <message>
        <source>%1 (oldest from %2)</source>
        <translation>%1 (oldest from %2)</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Refused by the server</translation>
    </message>
    <message>
        <source>Last problem</source>
        <translation>Last problem</translation>
    </message>
    <message>
        <source>%1 refused transactions are waiting to be sent again.</source>
        <translation>%1 refused transactions are waiting to be sent again.</translation>
    </message>
    <message>
        <source>The sync did not reach the server: %1</source>
        <translation>The sync did not reach the server: %1</translation>
    </message>
    <message>
        <source>Synced: %1 sent, %2 accepted by the server, %3 refused.</source>
        <translation>Synced: %1 sent, %2 accepted by the server, %3 refused.</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Send refused again</source>
        <translation>Send refused again</translation>
    </message>
</context>
<context>
    <name>TechnicianMenuScreen</name>
    <message>
        <source>Fingerprint scanner</source>
        <translation>Fingerprint scanner</translation>
    </message>
    <message>
        <source>Card readers</source>
        <translation>Card readers</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation>Connection to the server</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Officer's counter (assisted enrollment)</source>
        <translation>Officer's counter (assisted enrollment)</translation>
    </message>
    <message>
        <source>Choose a device to check</source>
        <translation>Choose a device to check</translation>
    </message>
    <message>
        <source>Leave technician mode</source>
        <translation>Leave technician mode</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <source>Technician mode</source>
        <translation>Technician mode</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Your number is</source>
        <translation>Your number is</translation>
    </message>
    <message>
        <source>Nobody is ahead of you.</source>
        <translation>Nobody is ahead of you.</translation>
    </message>
    <message>
        <source>People ahead of you: %1. Estimated wait: about %2 minutes.</source>
        <translation>People ahead of you: %1. Estimated wait: about %2 minutes.</translation>
    </message>
    <message>
        <source>Issued %1</source>
        <translation>Issued %1</translation>
    </message>
    <message>
        <source>Please take your printed ticket below the screen.</source>
        <translation>Please take your printed ticket below the screen.</translation>
    </message>
    <message>
        <source>The printer could not print. Your number is saved: remember it, or take a photo of this screen.</source>
        <translation>The printer could not print. Your number is saved: remember it, or take a photo of this screen.</translation>
    </message>
    <message>
        <source>Another service</source>
        <translation>Another service</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>TimeoutWarning</name>
    <message>
        <source>Do you need more time?</source>
        <translation>Do you need more time?</translation>
    </message>
    <message>
        <source>This session will end in %1 seconds.</source>
        <translation>This session will end in %1 seconds.</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Yes, I need more time</translation>
    </message>
    <message>
        <source>No, I am finished</source>
        <translation>No, I am finished</translation>
    </message>
</context>
</TS>